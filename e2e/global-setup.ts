import { execFileSync } from "node:child_process";
import path from "node:path";
import { docker, E2E_NETWORK, removeAll, runComposeLike } from "./support/docker";

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
}
