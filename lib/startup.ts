import "server-only";
import { ensureAdmin } from "@/lib/auth/bootstrap-admin";
import { env } from "@/lib/infra/env";
import { applyRuntimeFlags } from "@/lib/infra/runtime-flags";
import { errorMessage, log } from "@/lib/infra/logger";
// Loaded here so their hooks (the server's stop, the proxy's refusal record) are in place from the start.
import "@/lib/audit/log";
import "@/lib/infra/process-registry";
import { startMonitor } from "@/lib/monitor/runtime";

/**
 * Start-up of the web process: validate the environment (a bad value stops start-up), create
 * the first admin, start the monitor. A database that is down does not stop the console.
 */
export async function startConsole(): Promise<void> {
  let role: string;
  try {
    role = env().OPSDECK_ROLE;
    applyRuntimeFlags();
  } catch (error) {
    console.error(`opsdeck: ${errorMessage(error)}`);
    process.exit(1);
  }
  const { registerStatusHandler } = await import("@/lib/status-page/runtime");
  await registerStatusHandler();
  if (role === "status") return; // only the published pages: no database, no monitor
  try {
    await ensureAdmin();
  } catch (error) {
    log.error("could not prepare the database (the console runs degraded until it is reachable)", {
      error: errorMessage(error),
    });
  }
  if (role !== "web") {
    await startMonitor();
    const { startScheduler } = await import("@/lib/schedules/runtime");
    startScheduler();
    const { startStatusPublisher } = await import("@/lib/status-page/runtime");
    await startStatusPublisher();
  }
}
