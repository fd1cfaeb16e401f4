/**
 * Creates prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that brings the
 * existing migrations up to prisma/schema.prisma. Needs a Postgres server to use as scratch:
 *   DATABASE_ADMIN_URL=postgres://postgres@127.0.0.1:55432/postgres npm run db:new-migration -- add_things
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffDatabaseToSchema, withScratchDatabase } from "./lib/scratch.mts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <snake_case_name>");
  process.exit(2);
}
const adminUrl = process.env.DATABASE_ADMIN_URL ?? process.env.TEST_DATABASE_URL;
if (!adminUrl) {
  console.error("set DATABASE_ADMIN_URL (a Postgres superuser URL used to create a scratch database)");
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");
const datamodel = await readFile(path.join(root, "prisma/schema.prisma"), "utf8");
const sql = await withScratchDatabase(adminUrl, path.join(root, "prisma/migrations"), (target) =>
  diffDatabaseToSchema(target, datamodel),
);
if (!sql.trim() || sql.includes("This is an empty migration")) {
  console.log("schema.prisma matches the migrations: nothing to create");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join(root, "prisma/migrations", `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, "migration.sql"), sql);
console.log(`created ${path.relative(root, dir)}/migration.sql`);
process.exit(0);
