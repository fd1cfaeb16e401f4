import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { docker, E2E_NETWORK, removeAll, runComposeLike } from "./support/docker";

/** A clean Postgres database, data folder and test containers for every run. */
export default async function globalSetup() {
  const root = path.resolve(__dirname, "..");
  rmSync(path.join(root, ".cache/e2e-data"), { recursive: true, force: true });
  if (process.env.TEST_DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS opsdeck_e2e WITH (FORCE)`);
    await admin.query(`CREATE DATABASE opsdeck_e2e`);
    await admin.end();
  }
  execFileSync("bash", [path.join(root, "scripts/test-images.sh")], { stdio: "inherit" });
  removeAll();
  try {
    docker("network", "create", "--label", "opsdeck.test.e2e=1", E2E_NETWORK);
  } catch {
    // exists from an earlier run
  }
  runComposeLike("web", "opsdeck-test/busybox-httpd:1");
  runComposeLike("api", "opsdeck-test/busybox:1", ["sleep", "3600"]);
}
