/**
 * The monitor as its own process (OPSDECK_ROLE=worker): runs the checks and follows Docker,
 * publishing changes on Redis for web replicas started with OPSDECK_ROLE=web, and runs the
 * schedules (with several workers, each occurrence runs on one of them).
 *   REDIS_URL=redis://... DATABASE_URL=postgres://... npx tsx scripts/worker.ts
 */
import { startMonitor } from "@/lib/monitor/runtime";
import { startScheduler } from "@/lib/schedules/runtime";
import { errorMessage, log } from "@/lib/infra/logger";
import { stopProcessSingletons } from "@/lib/infra/process-registry";
import { applyRuntimeFlags } from "@/lib/infra/runtime-flags";

async function main() {
  applyRuntimeFlags();
  await startMonitor();
  startScheduler();
  const stop = async () => {
    log.info("worker stopping");
    // Newest first: the monitor flushes its writes before the database closes.
    await stopProcessSingletons((name, error) =>
      log.warn("could not stop cleanly", { name, error: errorMessage(error) }),
    );
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

void main();
