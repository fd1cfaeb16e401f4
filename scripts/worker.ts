/**
 * The monitor as its own process (OPSDECK_ROLE=worker): runs the checks and follows Docker,
 * publishing changes on Redis for web replicas started with OPSDECK_ROLE=web.
 *   REDIS_URL=redis://... DATABASE_URL=postgres://... npx tsx scripts/worker.ts
 */
import { startMonitor, getRuntime } from "@/lib/monitor/runtime";
import { log } from "@/lib/infra/logger";
import { applyRuntimeFlags } from "@/lib/infra/runtime-flags";

async function main() {
  applyRuntimeFlags();
  const runtime = await startMonitor();
  const stop = async () => {
    log.info("worker stopping");
    runtime.engine.stop();
    await getRuntime().writer.stop();
    await runtime.bus.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

void main();
