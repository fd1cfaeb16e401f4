import "server-only";
import { configSchema, type OpsdeckConfig } from "@/lib/catalog/schemas";
import { formatConfigError, loadConfigFile, type ConfigError } from "@/lib/catalog/load-config";
import { watchConfig, type ConfigWatcher } from "@/lib/catalog/watch-config";
import { getDb, databaseKind, pingDb } from "@/lib/infra/db";
import { configEnv, env } from "@/lib/infra/env";
import { processSingleton } from "@/lib/infra/process-registry";
import { log } from "@/lib/infra/logger";
import { createBus, type Bus, type BusMode } from "./bus";
import { MonitorEngine } from "./engine";
import { createResultWriter, type ResultWriter } from "./persist";
import { createEmbeddedMaintenance, type EmbeddedMaintenance } from "./embedded-maintenance";
import { applyRetention, rollUp } from "./rollup";
import { buildMapSnapshot, type MapSnapshot } from "./snapshot";
import { createSnapshotPublisher, readSharedSnapshotJson } from "./shared-snapshot";

/**
 * The process-wide monitor: one engine, bus, writer and config watcher, created once (from
 * instrumentation.ts, or lazily by the first route that needs it) and kept in the process
 * registry (lib/infra/process-registry.ts) so
 * dev-mode reloads do not start a second one.
 */

export interface ConfigStatus {
  path: string;
  ok: boolean;
  loadedAt?: string;
  errors: string[];
}

interface Runtime {
  engine: MonitorEngine;
  bus: Bus;
  writer: ResultWriter;
  config: ConfigStatus;
  busMode: { mode: BusMode; reason?: string };
  watcher?: ConfigWatcher;
  timers: ReturnType<typeof setInterval>[];
  /** Roll-up progress: whether a full pass ran, and the oldest sample not rolled up yet. */
  rollup: { done: boolean; pendingSince: Date | null };
  /** ANALYZE and VACUUM of the history tables, which nothing else runs on the embedded database. */
  maintenance: EmbeddedMaintenance | null;
}

const EMPTY_CONFIG: OpsdeckConfig = configSchema.parse({ version: 1 });

function describeErrors(errors: ConfigError[]): string[] {
  return errors.map(formatConfigError);
}

export function getRuntime(): Runtime {
  return processSingleton("monitor", createRuntime, stopRuntime);
}

/** Stops the monitor: checks, Docker, the config watcher and timers, then flushes its writes. */
async function stopRuntime(runtime: Runtime): Promise<void> {
  runtime.engine.stop();
  runtime.watcher?.stop();
  for (const t of runtime.timers) clearInterval(t);
  await runtime.writer.stop();
  await runtime.bus.close();
}

function createRuntime(): Runtime {
  const e = env();
  const busMode: Runtime["busMode"] = { mode: e.REDIS_URL ? "redis" : "memory" };
  const bus = createBus({
    redisUrl: e.REDIS_URL,
    onModeChange: (mode, reason) => {
      busMode.mode = mode;
      busMode.reason = reason;
      if (mode === "memory-fallback")
        log.warn("redis unreachable: health events stay on this replica", { reason });
      else log.info(`event bus mode ${mode}`, { reason });
    },
  });
  const writer = createResultWriter({ getDb, maxQueued: e.OPSDECK_WRITE_QUEUE_MAX });
  const publisher =
    e.OPSDECK_ROLE === "worker" && e.REDIS_URL
      ? createSnapshotPublisher(e.REDIS_URL, () => engine.snapshotJson(0))
      : null;
  const engine = new MonitorEngine({
    dockerHost: e.DOCKER_HOST,
    dockerTls: e.dockerTls,
    bus,
    writer,
    onChanged: () => publisher?.changed(),
  });
  const runtime: Runtime = {
    engine,
    bus,
    writer,
    busMode,
    config: { path: e.configPath, ok: false, errors: [] },
    timers: [],
    rollup: { done: false, pendingSince: null },
    maintenance: databaseKind() === "embedded" ? createEmbeddedMaintenance() : null,
  };
  return runtime;
}

const configListeners = new Set<(config: OpsdeckConfig) => void>();

/** Called with each configuration that replaces the one in effect (the scheduler re-plans). */
export function onConfigApplied(listener: (config: OpsdeckConfig) => void): () => void {
  configListeners.add(listener);
  return () => configListeners.delete(listener);
}

/** Loads config, starts the engine and the config watcher. Idempotent. */
export async function startMonitor(): Promise<Runtime> {
  const runtime = getRuntime();
  if (runtime.watcher) return runtime;
  const e = env();
  const first = await loadConfigFile(e.configPath, configEnv());
  if (first.ok) {
    runtime.config = { path: e.configPath, ok: true, loadedAt: new Date().toISOString(), errors: [] };
  } else {
    runtime.config = { path: e.configPath, ok: false, errors: describeErrors(first.errors) };
    for (const line of runtime.config.errors) log.error("config error", { error: line });
  }
  runtime.engine.start(first.ok ? first.config : EMPTY_CONFIG);
  runtime.watcher = watchConfig(
    e.configPath,
    configEnv(),
    (config) => {
      runtime.config = { path: e.configPath, ok: true, loadedAt: new Date().toISOString(), errors: [] };
      log.info("config reloaded", { path: e.configPath });
      runtime.engine.applyConfig(config);
      for (const listener of configListeners) listener(config);
    },
    (errors) => {
      // The last good config keeps running; the error is reported on /api/health and here.
      runtime.config = { ...runtime.config, ok: false, errors: describeErrors(errors) };
      for (const line of runtime.config.errors)
        log.error("config error (keeping the last good config)", { error: line });
    },
    {
      ...(first.ok ? { initial: first.config } : {}),
      onRestored: () => {
        runtime.config = { path: e.configPath, ok: true, loadedAt: runtime.config.loadedAt, errors: [] };
        log.info("config valid again (the content in effect)", { path: e.configPath });
      },
    },
  );
  // Imported here: maintenance windows read this module's engine (as the playbook library does).
  void import("@/lib/maintenance/runtime")
    .then((m) => m.startMaintenanceWatcher())
    .catch((error) => log.error("maintenance windows not followed", { error: String(error) }));
  const housekeeping = setInterval(() => void housekeep(runtime), 60_000);
  housekeeping.unref?.();
  runtime.timers.push(housekeeping);
  log.info("monitor started", {
    config: e.configPath,
    docker: e.DOCKER_HOST,
    database: databaseKind(),
    bus: runtime.busMode.mode,
  });
  return runtime;
}

async function housekeep(runtime: Runtime) {
  // Taken before the roll-up: samples written while it runs are rolled up next time. What a
  // failed pass did not roll up stays pending.
  const written = runtime.writer.takeOldestWritten();
  const pending = runtime.rollup.pendingSince;
  const changedSince = pending && (!written || pending < written) ? pending : written;
  runtime.rollup.pendingSince = changedSince;
  try {
    const db = await getDb();
    // The first pass covers the whole look-back (samples written before a restart); later ones
    // only what was written since, however old (a queue drained after a database outage).
    let rewritten = 0;
    if (!runtime.rollup.done) rewritten = await rollUp(db);
    else if (changedSince) rewritten = await rollUp(db, new Date(), changedSince);
    runtime.rollup = { done: true, pendingSince: null };
    const settings = currentRetention(runtime);
    const deleted = await applyRetention(db, settings);
    if (runtime.maintenance) {
      runtime.maintenance.changed("CheckSample", deleted.samples);
      runtime.maintenance.changed("CheckRollup", deleted.rollups + rewritten);
      await runtime.maintenance.run(db);
    }
  } catch (error) {
    log.debug("housekeeping skipped", { error: String(error) });
  }
}

function currentRetention(runtime: Runtime) {
  return runtime.watcher?.current()?.settings.retention ?? EMPTY_CONFIG.settings.retention;
}

/** Retention in force (e.g. the service page says how far back raw samples go). */
export function retentionSettings() {
  return currentRetention(getRuntime());
}

/** The current map: from this process's engine, or from the worker's copy in Redis (web role). */
export async function mapSnapshot(): Promise<MapSnapshot> {
  return JSON.parse(await mapSnapshotJson()) as MapSnapshot;
}

/** The current map as JSON, as the REST API and the stream send it (built once per change: MonitorEngine.snapshotJson). */
export async function mapSnapshotJson(): Promise<string> {
  const e = env();
  if (e.OPSDECK_ROLE === "web") {
    const shared = e.REDIS_URL ? await readSharedSnapshotJson(e.REDIS_URL) : null;
    if (shared) return shared;
    const since = new Date().toISOString();
    const missing = e.REDIS_URL
      ? "no monitor worker has published a map (is OPSDECK_ROLE=worker running?)"
      : "OPSDECK_ROLE=web needs REDIS_URL";
    return JSON.stringify(
      buildMapSnapshot({
        catalog: null,
        health: { checks: new Map(), services: new Map(), stacks: new Map() },
        warnings: [missing],
        docker: { state: "connecting", host: e.DOCKER_HOST, since },
      }),
    );
  }
  return getRuntime().engine.snapshotJson();
}

/** What /api/health reports: every dependency, with what is wrong in plain words. */
export async function consoleHealth() {
  const runtime = getRuntime();
  const db = await pingDb(1500);
  const docker = runtime.engine.snapshot().docker;
  const writer = runtime.writer.status();
  const degraded: string[] = [];
  if (!db.ok) degraded.push(`database unreachable: ${db.error}`);
  if (writer.state === "queueing")
    degraded.push(`${writer.queued} results queued in memory until the database returns`);
  if (docker.state === "unreachable") degraded.push(`Docker engine unreachable since ${docker.since}`);
  if (runtime.busMode.mode === "memory-fallback")
    degraded.push("Redis unreachable: live updates reach only this replica");
  if (!runtime.config.ok) degraded.push("configuration has errors; the last good configuration is running");
  // Imported here: the playbook library checks playbooks against this module's catalog. Health
  // needs only the files' own errors, so no stack is read for it (a web replica's would ask Docker).
  const { playbookLibrary } = await import("@/lib/playbooks/runtime");
  const library = playbookLibrary();
  await library.ready;
  const view = library.view(null, library);
  const playbooks = {
    ok: view.errors.length === 0,
    dir: view.dir,
    count: view.playbooks.length,
    errors: view.errors,
  };
  if (!playbooks.ok) degraded.push("playbook files have errors; the last good version of each is in effect");
  return {
    status: degraded.length ? "degraded" : "ok",
    degraded,
    database: { kind: databaseKind(), ...db, writes: writer },
    docker,
    bus: runtime.busMode,
    config: runtime.config,
    playbooks,
    time: new Date().toISOString(),
  };
}
