import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { hashPassword } from "../lib/auth/password";
import { docker, E2E_NETWORK, removeAll, runComposeLike } from "./support/docker";
import { E2E_USERS } from "./support/users";
import { startQdrantStandin } from "../test/support/qdrant-standin";
import { QDRANT_PORT } from "./support/ports";

/**
 * A worker that logs like real ones: stdout and stderr, ANSI colors, a line of HTML that must
 * show as text, and a queue depth the exec check of the `printer` service reads as a metric.
 */
export const PRINTER_SCRIPT = [
  "echo ok > /tmp/mode",
  "i=0",
  "while true; do",
  "  i=$((i+1))",
  '  echo "tick $i"',
  '  echo "warning $i from stderr" >&2',
  "  printf '\\033[32mgreen ok\\033[0m \\033[1;31mred alert\\033[0m %s\\n' \"$i\"",
  "  echo '<script>alert(1)</script><img src=x onerror=alert(2)>'",
  "  echo $((i % 20)) > /tmp/depth",
  "  sleep 1",
  "done",
].join("\n");

/** Test containers for every run (the database is prepared by e2e/prepare-db.mjs). */
export default async function globalSetup() {
  const root = path.resolve(__dirname, "..");
  execFileSync("bash", [path.join(root, "scripts/test-images.sh")], { stdio: "inherit" });
  removeAll();
  try {
    docker("network", "create", "--label", "opsdeck.test.e2e=1", E2E_NETWORK);
  } catch {
    // exists from an earlier run
  }
  runComposeLike("web", "opsdeck-test/busybox-httpd:1");
  runComposeLike("api", "opsdeck-test/busybox:1", ["sleep", "3600"]);
  runComposeLike("printer", "opsdeck-test/busybox:1", ["sh", "-c", PRINTER_SCRIPT]);
  await createUsers();
  const qdrant = await startQdrantStandin({
    port: QDRANT_PORT,
    collections: { docs: { pointsCount: 42 } },
    snapshotSize: 300_000,
  });
  return () => qdrant.close();
}

/** An operator and a viewer besides the bootstrap admin (the server has migrated the database by now). */
async function createUsers() {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin)
    throw new Error("e2e needs TEST_DATABASE_URL (run through npm test or scripts/services.sh env)");
  const url = new URL(admin);
  url.pathname = "/opsdeck_e2e";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    for (const user of [E2E_USERS.operator, E2E_USERS.viewer]) {
      await client.query(
        `INSERT INTO "User" (id, email, name, "passwordHash", role) VALUES ($1, $2, $3, $4, $5::"Role")
         ON CONFLICT (email) DO NOTHING`,
        [`e2e-${user.role}`, user.email, user.role, await hashPassword(user.password), user.role],
      );
    }
  } finally {
    await client.end();
  }
}
