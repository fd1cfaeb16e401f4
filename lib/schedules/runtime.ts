import "server-only";
import { hostname } from "node:os";
import { actionService } from "@/lib/actions/runtime";
import { webCatalog } from "@/lib/actions/web-catalog";
import { artifactDeps } from "@/lib/artifacts/runtime";
import { audit } from "@/lib/audit/log";
import { loadConfigFile } from "@/lib/catalog/load-config";
import type { OpsdeckConfig } from "@/lib/catalog/schemas";
import { getDb } from "@/lib/infra/db";
import { configEnv, env } from "@/lib/infra/env";
import { processSingleton } from "@/lib/infra/process-registry";
import { getRuntime, onConfigApplied } from "@/lib/monitor/runtime";
import { playbookRunner } from "@/lib/playbooks/run-runtime";
import { Scheduler, type ScheduleTargets, type SchedulesConfig } from "./scheduler";
import { createScheduleTargets } from "./targets";

/** The process's scheduler (with the monitor: OPSDECK_ROLE all or worker). */
export function scheduler(): Scheduler {
  return processSingleton(
    "scheduler",
    () =>
      new Scheduler({
        db: getDb,
        config: () => toSchedules(getRuntime().watcher?.current() ?? null),
        targets: scheduleTargets(),
        replicaId: `${hostname()}:${process.pid}`,
      }),
    (s) => s.stop(),
  );
}

export function startScheduler(): void {
  // Made now, not at the first occurrence: its Redis lock client is connected by then.
  actionService();
  const s = scheduler();
  s.start();
  onConfigApplied(() => void s.tick());
}

function toSchedules(config: OpsdeckConfig | null): SchedulesConfig | null {
  return config ? { schedules: config.schedules, settings: config.settings.schedules } : null;
}

let fileCache: { at: number; config: Promise<SchedulesConfig | null> } | null = null;

/** The schedules in effect: the monitor's configuration, or (on a web replica) the file, read at most every 5 s. */
export async function schedulesConfig(): Promise<SchedulesConfig | null> {
  const live = getRuntime().watcher?.current();
  if (live) return toSchedules(live);
  if (!fileCache || Date.now() - fileCache.at > 5000) {
    fileCache = {
      at: Date.now(),
      config: loadConfigFile(env().configPath, configEnv()).then((r) =>
        r.ok ? toSchedules(r.config) : null,
      ),
    };
  }
  return fileCache.config;
}

function scheduleTargets(): ScheduleTargets {
  return createScheduleTargets({
    actions: actionService,
    playbooks: playbookRunner,
    db: getDb,
    catalog: catalogNow,
    removeDeps: artifactDeps,
    audit,
  });
}

async function catalogNow() {
  const { engine } = getRuntime();
  return engine.currentCatalog() ?? (await webCatalog(engine.dockerGateway));
}
