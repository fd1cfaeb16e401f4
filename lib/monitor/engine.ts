import "server-only";
import type { Catalog, CatalogService } from "@/lib/catalog/types";
import type { DockerGateway } from "@/lib/infra/docker";
import type { CheckConfig, OpsdeckConfig } from "@/lib/catalog/schemas";
import { discoverCatalog } from "@/lib/catalog/discovery";
import { runProbe } from "@/lib/probes";
import type { ProbeResult } from "@/lib/probes/types";
import { setExecGateway } from "@/lib/probes/exec";
import { RestartTracker } from "@/lib/probes/docker";
import { log } from "@/lib/infra/logger";
import { applyResult, deriveServiceHealth, deriveStackHealth, diffHealth, propagateImpact } from "./derive";
import { createScheduler, type Scheduler } from "./scheduler";
import type { Bus } from "./bus";
import { DockerWatch } from "./docker-watch";
import type { ContainerEvent } from "./docker-events";
import type { ResultWriter } from "./persist";
import type { CheckState, HealthSnapshot, ServiceHealth, StackHealth, StateChange } from "./types";
import { buildMapSnapshot, type MapSnapshot } from "./snapshot";
import { configWindows } from "@/lib/maintenance/config-windows";
import { activeAt, HORIZON_MS, nextChange } from "@/lib/maintenance/occurrences";
import { covers, maintenanceReason, pickLongest } from "@/lib/maintenance/scope";
import type { WindowDef } from "@/lib/maintenance/types";

export interface EngineDeps {
  dockerHost: string;
  dockerTls?: { ca: string; cert: string; key: string };
  bus: Bus;
  writer: ResultWriter;
  /** Called after every recompute that changed something (the worker shares its map). */
  onChanged?: () => void;
  /** Extra services the console knows about without config (its own health, the embedded DB). */
  builtins?: (config: OpsdeckConfig) => OpsdeckConfig;
}

/** Upper bound on how long a result waits to be folded into the map (and reach browsers). */
const RECOMPUTE_COALESCE_MS = 25;
/** Longest wait armed for a window boundary: timers drift, and a far one is armed again later. */
const MAINTENANCE_TIMER_MAX_MS = 3_600_000;

const EMPTY_SNAPSHOT: HealthSnapshot = { checks: new Map(), services: new Map(), stacks: new Map() };

/**
 * Turns config, Docker state and probe results into live health. Every state change is
 * persisted (through the writer's bounded queue) and published on the bus.
 */
export class MonitorEngine {
  private config: OpsdeckConfig | null = null;
  private catalog: Catalog | null = null;
  private warnings: string[] = [];
  /**
   * serviceId -> checkId -> state. The inner maps are never changed once stored (a result
   * replaces its service's map), so a snapshot can share them, and an untouched service is
   * recognised by identity.
   */
  private checkStates = new Map<string, ReadonlyMap<string, CheckState>>();
  private readonly details = new Map<string, string>();
  private health: HealthSnapshot = EMPTY_SNAPSHOT;
  /** Each service's health from its own checks, before impact: reused for services with no new result. */
  private ownHealth = new Map<string, ServiceHealth>();
  /** Services with results since the last derivation. */
  private dirty = new Set<string>();
  private scheduler: Scheduler;
  private docker: DockerWatch;
  private restarts = new RestartTracker();
  private died = new Set<string>();
  /** Container -> when someone last sent it a signal (docker stop, restart, kill). */
  private killed = new Map<string, number>();
  private recomputeTimer?: ReturnType<typeof setTimeout>;
  private scheduledKeys = new Map<string, string>();
  private started = false;
  private containerListeners = new Set<(event: ContainerEvent) => void>();
  /** Bumped whenever a state, the catalog or the engine's status may have changed. */
  private stateVersion = 0;
  private serialized: { version: number; at: number; json: string } | null = null;
  /** Maintenance windows: the config's and the console's (from the database, set by lib/maintenance). */
  private consoleWindows: readonly WindowDef[] = [];
  private windows: readonly WindowDef[] = [];
  private maintenanceTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly deps: EngineDeps) {
    this.scheduler = createScheduler({
      maxConcurrent: 64,
      onError: (key, error) => log.error("check task failed", { key, error: String(error) }),
    });
    this.docker = new DockerWatch(
      deps.dockerHost,
      ({ event }) => {
        if (event) for (const listener of this.containerListeners) listener(event);
        // A restart is a start after a death the process came to by itself (a crash, an OOM
        // kill): a stop, restart or kill someone asked for sends `kill` first and is not a
        // crash loop. `restart` events would count `docker restart` twice.
        if (event?.type === "kill") this.killed.set(event.containerId, event.time);
        if (event?.type === "die" && !this.askedToDie(event.containerId, event.time))
          this.died.add(event.containerId);
        if (event?.type === "start" && this.died.delete(event.containerId))
          this.restarts.record(event.containerId, event.time);
        if (event?.type === "destroy") {
          this.died.delete(event.containerId);
          this.killed.delete(event.containerId);
        }
        this.rebuild();
        if (event)
          this.runContainerChecksNow(
            event.attributes["com.docker.compose.project"],
            event.attributes["com.docker.compose.service"],
            event.name,
          );
        // A full re-list after a (re)connect: container check states are from before the
        // outage, and a restarted daemon replays no events, so judge every container now.
        else if (this.docker.snapshot().status.state === "connected") this.runContainerChecksNow();
      },
      deps.dockerTls,
    );
    setExecGateway(this.docker.gateway);
  }

  start(config: OpsdeckConfig) {
    if (this.started) return;
    this.started = true;
    this.applyConfig(config);
    this.docker.start();
  }

  stop() {
    this.scheduler.stop();
    this.docker.stop();
    clearTimeout(this.recomputeTimer);
    clearTimeout(this.maintenanceTimer);
  }

  applyConfig(config: OpsdeckConfig) {
    this.config = this.deps.builtins ? this.deps.builtins(config) : config;
    this.windows = [...configWindows(this.config), ...this.consoleWindows];
    this.rebuild();
    this.armMaintenanceTimer();
  }

  /** The windows created in the console (the config's come with the config); applied at once. */
  setConsoleWindows(windows: readonly WindowDef[]) {
    this.consoleWindows = windows;
    this.windows = [...(this.config ? configWindows(this.config) : []), ...windows];
    this.stateVersion += 1;
    this.recompute();
    this.armMaintenanceTimer();
  }

  /** Whether a window covers the service at `at` (its samples then count apart from uptime). */
  private underMaintenance(service: Parameters<typeof covers>[1], at: Date): boolean {
    if (this.windows.length === 0) return false;
    return activeAt(this.windows, at.getTime()).some((o) => covers(o.window.scope, service));
  }

  /** Every window in force: the config's and the console's. */
  maintenanceWindows(): readonly WindowDef[] {
    return this.windows;
  }

  /**
   * A timer at the next instant a window starts or ends, so services enter and leave maintenance
   * on time whether or not a check runs or anyone looks; it re-derives everything and re-arms.
   */
  private armMaintenanceTimer() {
    clearTimeout(this.maintenanceTimer);
    if (!this.started) return;
    const now = Date.now();
    const next = nextChange(this.windows, now);
    const target = Math.min(next ?? now + HORIZON_MS, now + MAINTENANCE_TIMER_MAX_MS);
    this.waitForBoundary(target);
  }

  /**
   * Fires at `target`, not before: a timer may fire a millisecond early, and a recompute at
   * start - 1 followed by a re-arm after start would skip that boundary until the next one.
   */
  private waitForBoundary(target: number) {
    clearTimeout(this.maintenanceTimer);
    this.maintenanceTimer = setTimeout(
      () => {
        if (Date.now() < target) return this.waitForBoundary(target);
        this.stateVersion += 1;
        this.recompute();
        this.armMaintenanceTimer();
      },
      Math.max(0, target - Date.now()),
    );
    this.maintenanceTimer.unref?.();
  }

  snapshot(): MapSnapshot {
    return buildMapSnapshot({
      catalog: this.catalog,
      health: this.health,
      docker: this.docker.snapshot().status,
      warnings: this.warnings,
      scheduler: this.scheduler.stats(),
    });
  }

  /**
   * The snapshot as JSON, built at most once per state change and per `maxAgeMs`: with 2,000
   * services it is ~1 MB, and every map load, REST read and new stream (1,000 browsers
   * reconnecting after a deploy) would build and serialize it again. States are always current;
   * only what changes without a state change (last run, latency, metrics, scheduler figures) may
   * be up to `maxAgeMs` old, and `generatedAt` says when it was built.
   */
  snapshotJson(maxAgeMs = 1000): string {
    const now = Date.now();
    const cached = this.serialized;
    if (cached && cached.version === this.stateVersion && now - cached.at < maxAgeMs) return cached.json;
    const json = JSON.stringify(this.snapshot());
    this.serialized = { version: this.stateVersion, at: now, json };
    return json;
  }

  schedulerStats() {
    return this.scheduler.stats();
  }

  /** The catalog entry of one service (checks as configured: may hold secrets, never send it whole). */
  service(id: string): CatalogService | undefined {
    return this.catalog?.services.find((s) => s.id === id);
  }

  /** The current catalog (config merged with discovery); null before the first load. */
  currentCatalog(): Catalog | null {
    return this.catalog;
  }

  /** A check's next scheduled run (epoch ms) and interval, for the service page. */
  /** The target's uncut answer behind a check's last failure, when its reason quotes it briefly. */
  checkDetail(serviceId: string, checkId: string): string | undefined {
    return this.details.get(`${serviceId}/${checkId}`);
  }

  checkPlan(serviceId: string, checkId: string): { nextAt: number; intervalMs: number } | undefined {
    return this.scheduler.planOf(`${serviceId}/${checkId}`);
  }

  /** The engine's allow-listed Docker gateway, shared so the console opens one connection pool. */
  get dockerGateway(): DockerGateway {
    return this.docker.gateway;
  }

  /** Container events as the engine receives them (e.g. to stop a stats sampler when its container dies). */
  onContainerEvent(listener: (event: ContainerEvent) => void): () => void {
    this.containerListeners.add(listener);
    return () => this.containerListeners.delete(listener);
  }

  /** Recomputes the catalog from config and containers, reschedules checks, rederives health. */
  private rebuild() {
    if (!this.config) return;
    const { containers, envByContainer, composeFiles, status } = this.docker.snapshot();
    const dockerUp = status.state === "connected";
    // While the engine is unreachable, discover from the last known containers in an unknown
    // state: services keep their kind, label checks and edges (an empty list turned services
    // matched through their stack into "external, no checks declared").
    const input = {
      containers: dockerUp ? containers : containers.map((c) => ({ ...c, State: "unknown", Status: "" })),
      config: this.config,
      envByContainer,
      composeFiles,
    };
    const { catalog, warnings } = discoverCatalog(input);
    this.stateVersion += 1;
    this.catalog = catalog;
    this.warnings = warnings;
    this.reschedule(catalog);
    this.recompute();
  }

  private reschedule(catalog: Catalog) {
    const settings = catalog.settings;
    this.scheduler.setMaxConcurrent(settings.maxConcurrentChecks);
    const wanted = new Map<string, { service: CatalogService; check: CheckConfig }>();
    for (const service of catalog.services)
      for (const check of service.checks) wanted.set(`${service.id}/${check.id}`, { service, check });
    for (const key of [...this.scheduledKeys.keys()]) {
      if (!wanted.has(key)) {
        this.scheduler.unschedule(key);
        this.details.delete(key);
        this.scheduledKeys.delete(key);
        const [serviceId, checkId] = key.split("/");
        const states = this.checkStates.get(serviceId);
        if (states?.has(checkId)) {
          const copy = new Map(states);
          copy.delete(checkId);
          this.checkStates.set(serviceId, copy);
        }
      }
    }
    for (const [key, { check }] of wanted) {
      const interval = check.interval ?? settings.defaultInterval;
      const timeout = Math.min(check.timeout ?? settings.defaultTimeout, interval);
      const signature = JSON.stringify([check, interval, timeout]);
      if (this.scheduledKeys.get(key) === signature) continue;
      this.scheduledKeys.set(key, signature);
      this.scheduler.schedule(
        key,
        interval,
        async (signal) => {
          await this.runCheck(key, signal, timeout);
        },
        timeout,
      );
    }
  }

  /**
   * Runs one check now, outside its schedule (a playbook's check step): the result counts like
   * any scheduled run. Null when there is no such check, or Docker is needed and unreachable.
   */
  async runCheckNow(serviceId: string, checkId: string): Promise<ProbeResult | null> {
    const service = this.catalog?.services.find((s) => s.id === serviceId);
    const check = service?.checks.find((c) => c.id === checkId);
    if (!check || !this.catalog) return null;
    const settings = this.catalog.settings;
    const interval = check.interval ?? settings.defaultInterval;
    const timeout = Math.min(check.timeout ?? settings.defaultTimeout, interval);
    return (await this.runCheck(`${serviceId}/${checkId}`, AbortSignal.timeout(timeout), timeout)) ?? null;
  }

  private async runCheck(
    key: string,
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<ProbeResult | undefined> {
    const [serviceId, checkId] = key.split("/");
    const service = this.catalog?.services.find((s) => s.id === serviceId);
    const check = service?.checks.find((c) => c.id === checkId);
    if (!service || !check || !this.catalog) return;
    if (
      service.kind === "container" &&
      this.docker.snapshot().status.state !== "connected" &&
      (check.kind === "docker" || check.kind === "exec")
    )
      return;
    const ctx = {
      signal,
      timeoutMs,
      containers: service.containers,
      restarts: this.restarts,
      now: Date.now(),
    };
    const { detail, ...result } = await runProbe(check, ctx);
    if (signal.aborted && result.status !== "up") result.message ||= `timed out after ${timeoutMs} ms`;
    // The target's full answer stays in this process, for operators (checkDetail); it is never
    // part of the map, its stream or the stored history.
    if (detail === undefined) this.details.delete(key);
    else this.details.set(key, detail);
    const at = new Date();
    const states = new Map(this.checkStates.get(serviceId));
    const failuresBeforeDown = check.failuresBeforeDown ?? this.catalog.settings.failuresBeforeDown;
    states.set(checkId, applyResult(states.get(checkId), result, { failuresBeforeDown, now: at }));
    this.checkStates.set(serviceId, states);
    this.dirty.add(serviceId);
    this.deps.writer.sample({
      serviceId,
      checkId,
      at,
      result,
      maintenance: this.underMaintenance(service, at),
    });
    this.requestRecompute();
    return result;
  }

  /**
   * Whether a death followed a signal someone sent (within the longest stop timeout anyone
   * sets); a signal that did not end the process (a reload's SIGHUP) is forgotten after that.
   */
  private askedToDie(containerId: string, at: number): boolean {
    const signalled = this.killed.get(containerId);
    this.killed.delete(containerId);
    return signalled !== undefined && at - signalled <= 10 * 60_000;
  }

  /**
   * Runs docker checks of the matching service now. With no target (a full listing after a
   * (re)connect), every check that needs the containers: docker and exec checks and those
   * addressed by `{{container}}`, which ran before the listing with no address and would
   * otherwise stay unknown until their next turn (ten minutes for an API key check).
   */
  private runContainerChecksNow(project?: string, composeService?: string, name?: string) {
    for (const s of this.catalog?.services ?? []) {
      const match = project
        ? s.compose?.project === project && s.compose?.service === composeService
        : name
          ? s.containers.some((c) => c.name === name)
          : s.kind === "container";
      if (!match) continue;
      const all = !project && !name;
      for (const c of s.checks)
        if (c.kind === "docker" || (all && needsContainers(c))) this.scheduler.runNow(`${s.id}/${c.id}`);
    }
  }

  /**
   * Coalesces the results of one burst of checks into one derivation: with 1,000 checks every
   * 5 s, deriving the whole map per result would grow with the square of the catalog.
   */
  private requestRecompute() {
    if (this.recomputeTimer) return;
    this.recomputeTimer = setTimeout(() => {
      this.recomputeTimer = undefined;
      this.recompute(true);
    }, RECOMPUTE_COALESCE_MS);
  }

  /**
   * Derives services, impact and stacks; publishes and persists what changed.
   * `onlyResults`: nothing but check results arrived since the last derivation, so only the
   * services that got one are re-derived, and impact and stacks only when one of those
   * changed. Anything else (catalog, Docker) re-derives everything.
   */
  private recompute(onlyResults = false) {
    clearTimeout(this.recomputeTimer);
    this.recomputeTimer = undefined;
    const dirty = this.dirty;
    this.dirty = new Set();
    if (!this.catalog) return;
    const now = new Date();
    const docker = this.docker.snapshot().status;
    const own = onlyResults ? new Map(this.ownHealth) : new Map<string, ServiceHealth>();
    let ownChanged = !onlyResults;
    // Checks keep running under a window; only what the service shows is overridden.
    const windows = this.windows.length ? activeAt(this.windows, now.getTime()) : [];
    for (const service of this.catalog.services) {
      if (onlyResults && !dirty.has(service.id)) continue;
      const prev = this.health.services.get(service.id);
      const cover = windows.length
        ? pickLongest(windows.filter((o) => covers(o.window.scope, service)))
        : null;
      let health: ServiceHealth;
      if (cover) {
        health = deriveServiceHealth(service, new Map(), {
          now,
          prev,
          maintenance: { reason: maintenanceReason(cover) },
        });
      } else if (service.kind === "container" && docker.state === "unreachable") {
        health = {
          serviceId: service.id,
          status: "unknown",
          reason: `Docker engine unreachable since ${docker.since}`,
          since: prev?.status === "unknown" ? prev.since : now.toISOString(),
        };
      } else {
        health = deriveServiceHealth(service, this.checkStates.get(service.id) ?? new Map(), { now, prev });
      }
      const before = this.ownHealth.get(service.id);
      if (
        !before ||
        before.status !== health.status ||
        before.reason !== health.reason ||
        before.since !== health.since
      )
        ownChanged = true;
      own.set(service.id, health);
    }
    let { services, stacks } = this.health;
    if (ownChanged) {
      services = propagateImpact(this.catalog, own);
      const byStack = new Map<string, ServiceHealth[]>();
      for (const s of this.catalog.services) {
        const list = byStack.get(s.stackId) ?? [];
        list.push(services.get(s.id)!);
        byStack.set(s.stackId, list);
      }
      const nextStacks = new Map<string, StackHealth>();
      for (const stack of this.catalog.stacks)
        nextStacks.set(stack.id, deriveStackHealth(stack, byStack.get(stack.id) ?? []));
      stacks = nextStacks;
    }
    // The outer map is copied; the per-service maps are shared, as they are never changed.
    const next: HealthSnapshot = { checks: new Map(this.checkStates), services, stacks };
    const changes = diffHealth(this.health, next, now);
    this.health = next;
    this.ownHealth = own;
    this.publish(changes);
  }

  private publish(changes: StateChange[]) {
    if (changes.length === 0) return;
    this.stateVersion += 1;
    for (const change of changes) {
      this.deps.writer.change(change);
      void this.deps.bus.publish(change);
    }
    this.deps.onChanged?.();
  }
}

/** A check that cannot run without the service's containers: their state, a command in one, or its address. */
function needsContainers(check: CheckConfig): boolean {
  return check.kind === "docker" || check.kind === "exec" || JSON.stringify(check).includes("{{container}}");
}
