import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { applyMigrations, clientExecutor } from "@/lib/infra/migrate";
import { ROOT_DIR } from "./results";
import { createScratchDatabase, type ScratchDatabase } from "./scratch-database";

/**
 * A throwaway database migrated with the project's migrations (as test/support/scratch-db.ts
 * does), with a Prisma client built like lib/infra/db.ts builds the console's (same pool size
 * and timeouts), so in-process figures match the app's.
 */
export interface ScratchPostgres extends ScratchDatabase {
  db: PrismaClient;
}

export async function scratchPostgres(adminUrl: string, prefix: string): Promise<ScratchPostgres> {
  const scratch = await createScratchDatabase(adminUrl, prefix);
  const migrator = new pg.Client({ connectionString: scratch.url });
  await migrator.connect();
  try {
    await applyMigrations(clientExecutor(migrator), path.join(ROOT_DIR, "prisma", "migrations"));
  } finally {
    await migrator.end();
  }
  const db = new PrismaClient({
    adapter: new PrismaPg({
      connectionString: scratch.url,
      connectionTimeoutMillis: 3000,
      max: 10,
      idleTimeoutMillis: 30_000,
    }),
  });
  return {
    ...scratch,
    db,
    async drop(keep = false) {
      await db.$disconnect().catch(() => undefined);
      await scratch.drop(keep);
    },
  };
}
