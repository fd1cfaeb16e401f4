// Runs before the e2e server starts (Playwright starts webServer before globalSetup):
// a fresh Postgres database and data folder for every run.
import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "..");
rmSync(path.join(root, ".cache/e2e-data"), { recursive: true, force: true });
if (process.env.TEST_DATABASE_URL) {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS opsdeck_e2e WITH (FORCE)");
  await admin.query("CREATE DATABASE opsdeck_e2e");
  await admin.end();
}
