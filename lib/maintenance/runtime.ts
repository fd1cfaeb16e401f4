import "server-only";
import { auditWriter } from "@/lib/audit/log";
import type { Actor } from "@/lib/audit/schemas";
import { loadConfigFile } from "@/lib/catalog/load-config";
import { getDb } from "@/lib/infra/db";
import { configEnv, env } from "@/lib/infra/env";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { processSingleton } from "@/lib/infra/process-registry";
import { recordChannel } from "@/lib/live/runtime";
import { getRuntime } from "@/lib/monitor/runtime";
import { playbookCatalog, playbooksView } from "@/lib/playbooks/runtime";
import { configWindows } from "./config-windows";
import { maintenanceLookup } from "./scope";
import { MaintenanceService } from "./service";
import type { Occurrence, WindowDef } from "./types";
import { MaintenanceWatcher } from "./watcher";

const DEFAULT_ANNOUNCE_MS = 86_400_000;

/** The process's store of console windows; a change is announced on the bus for every replica's monitor. */
export function maintenanceService(): MaintenanceService {
  return processSingleton("maintenance", () => {
    return new MaintenanceService({
      db: getDb,
      targets: async () => {
        const catalog = await playbookCatalog();
        return catalog ? { services: catalog.services, stacks: catalog.stacks.map((s) => s.id) } : null;
      },
      playbookExists: async (id) => (await playbooksView()).playbooks.some((p) => p.playbook.id === id),
      onChange: (id) => recordChannel().changed("maintenance", id),
    });
  });
}

/**
 * Started with the monitor: loads the console's windows into the engine, follows changes made on
 * any replica (the bus), and writes the windows' events when due.
 */
export function startMaintenanceWatcher(): MaintenanceWatcher {
  return processSingleton(
    "maintenance-watcher",
    () => {
      const runtime = getRuntime();
      const watcher = new MaintenanceWatcher({
        db: getDb,
        load: () => maintenanceService().windows(),
        engine: runtime.engine,
        announceMs: () =>
          runtime.engine.currentCatalog()?.settings.maintenance.announceBefore ?? DEFAULT_ANNOUNCE_MS,
        audit: (input) => auditWriter().appendOutcome(input),
        onEvent: (id) => recordChannel().changed("maintenance", id),
        startPlaybook: startWindowPlaybook,
      });
      const unsubscribe = runtime.bus.subscribe((event) => {
        if (event.type === "record.changed" && event.kind === "maintenance") void watcher.reload();
      });
      watcher.start().catch((error) => log.warn("maintenance watcher", { error: shortErrorMessage(error) }));
      return { watcher, unsubscribe };
    },
    ({ watcher, unsubscribe }) => {
      unsubscribe();
      watcher.stop();
    },
  ).watcher;
}

async function startWindowPlaybook(o: Occurrence, actor: Actor, services: string[]) {
  // Imported here: the runner pulls in actions and the playbook library, which only a started window needs.
  const { playbookRunner } = await import("@/lib/playbooks/run-runtime");
  const target = `playbook:${o.window.playbook}`;
  await auditWriter().appendOutcome({ actor, action: "playbook.start", target, outcome: "started" });
  try {
    const { runId } = await playbookRunner().start(actor, {
      playbookId: o.window.playbook!,
      ...(services.length === 1 ? { service: services[0] } : {}),
    });
    await auditWriter().appendOutcome({
      actor,
      action: "playbook.start",
      target,
      runId,
      outcome: "succeeded",
    });
    return runId;
  } catch (error) {
    await auditWriter().appendOutcome({
      actor,
      action: "playbook.start",
      target,
      outcome: "failed",
      message: shortErrorMessage(error),
    });
    throw error;
  }
}

let webConfig: { at: number; windows: Promise<WindowDef[]> } | null = null;

/**
 * Every window in force: the monitor's (config and console), or on a web replica, which runs no
 * monitor, the config file's (read at most every 5 s) and the database's.
 */
export async function allWindows(): Promise<WindowDef[]> {
  const { engine } = getRuntime();
  if (engine.currentCatalog()) return [...engine.maintenanceWindows()];
  if (!webConfig || Date.now() - webConfig.at > 5000)
    webConfig = {
      at: Date.now(),
      windows: loadConfigFile(env().configPath, configEnv()).then((r) =>
        r.ok ? configWindows(r.config) : [],
      ),
    };
  const [fromConfig, fromDb] = await Promise.all([webConfig.windows, maintenanceService().windows()]);
  return [...fromConfig, ...fromDb];
}

/**
 * The suppression question for incident suggestions now and alert rules later (issue 14): the
 * occurrence covering the service at `at`, or null.
 */
export async function inMaintenance(serviceId: string, at = Date.now()): Promise<Occurrence | null> {
  const catalog = await playbookCatalog();
  return maintenanceLookup(catalog?.services ?? [], await allWindows())(serviceId, at);
}
