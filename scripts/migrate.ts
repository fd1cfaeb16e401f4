/**
 * Applies pending migrations to the console's database (DATABASE_URL, or the embedded one in
 * OPSDECK_DATA_DIR) and exits: what the console does at start-up, for deploy pipelines that
 * migrate first. Refuses, naming the file, when an applied migration was edited since.
 *   npm run db:migrate
 */
import { getDb } from "@/lib/infra/db";

getDb().then(
  async (db) => {
    await db.$disconnect();
    console.log("database up to date");
    process.exit(0);
  },
  (error: unknown) => {
    console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
