import { readFileSync, rmSync } from "node:fs";

/**
 * A replica's fault switch: one word in a file inside the container, written by a test or a drill
 * (`docker exec <c> sh -c 'echo down > /tmp/mode'`). It is removed when the process starts, so
 * restarting the container clears the fault, as restarting the real service would.
 */
export const MODE_FILE = process.env.REPLICA_MODE_FILE || "/tmp/mode";

export function clearMode() {
  rmSync(MODE_FILE, { force: true });
}

/** Read on every use (a few bytes), so a flip takes effect without signalling the process. */
export function currentMode() {
  try {
    return readFileSync(MODE_FILE, "utf8").trim() || "ok";
  } catch {
    return "ok";
  }
}
