import type { CheckConfig } from "@/lib/catalog/schemas";
import { evaluateConditions } from "./conditions";
import type { ContainerRef, Probe, ProbeContext, ProbeResult } from "./types";

export type DockerCheck = Extract<CheckConfig, { kind: "docker" }>;

export const DEFAULT_RESTART_WINDOW_MS = 10 * 60_000;
/** Restarts tolerated in the window; one more and the service is degraded (3 in 10m by default). */
export const DEFAULT_MAX_RESTARTS = 2;

/** What the engine hands the probe about restart history (fed from the events stream). */
export interface RestartCounter {
  count(containerId: string, windowMs: number, now: number): number;
}

/** Proposed ProbeContext extension; read defensively until the lead adds it to types.ts. */
export interface DockerProbeContext extends ProbeContext {
  restarts?: RestartCounter;
  now?: number;
}

/**
 * Container state and Docker healthcheck, judged over all containers of the service.
 * Pure: it reads what discovery put in ctx.containers and never calls the engine.
 */
export const probeDocker: Probe<DockerCheck> = async (check, ctx) => {
  const { restarts, now = Date.now() } = ctx as DockerProbeContext;
  const containers = ctx.containers;
  const total = containers.length;
  if (total === 0) return result("down", "no containers", { total });

  const running = containers.filter((c) => c.state === "running");
  const unhealthy = running.filter((c) => c.health === "unhealthy");
  const starting = running.filter((c) => c.health === "starting");
  const serving = running.length - unhealthy.length - starting.length;
  const windowMs = check.restartWindow ?? DEFAULT_RESTART_WINDOW_MS;
  const restartCount = restarts
    ? containers.reduce((sum, c) => sum + restarts.count(c.id, windowMs, now), 0)
    : 0;
  const counts = {
    total,
    running: running.length,
    healthy: serving,
    unhealthy: unhealthy.length,
    starting: starting.length,
    restarts: restartCount,
  };

  const own = judge(containers, counts);
  if (own.status === "down") return result("down", own.message, counts);

  const evaluation = evaluateConditions(check.expect ?? [], { ...counts });
  if (!evaluation.ok)
    return result("down", `${own.message} (expected ${evaluation.failed}, got ${evaluation.actual})`, counts);

  const maxRestarts = check.maxRestarts ?? DEFAULT_MAX_RESTARTS;
  if (restartCount > maxRestarts) {
    const restartText = `${restartCount} restarts in ${formatWindow(windowMs)}`;
    return result("degraded", own.status === "up" ? restartText : `${own.message}; ${restartText}`, counts);
  }
  return result(own.status, own.message, counts);
};

type Counts = {
  total: number;
  running: number;
  healthy: number;
  unhealthy: number;
  starting: number;
  restarts: number;
};

function judge(containers: ContainerRef[], c: Counts): { status: ProbeResult["status"]; message: string } {
  const of = (n: number) => (c.total === 1 ? "" : ` on ${n} of ${c.total} containers`);
  if (c.running === 0) return { status: "down", message: notRunningMessage(containers, c.total) };
  if (c.healthy === 0 && c.unhealthy > 0)
    return { status: "down", message: `healthcheck failing${of(c.unhealthy)}` };
  if (c.running < c.total)
    return { status: "degraded", message: `${c.running} of ${c.total} containers running` };
  if (c.unhealthy > 0) return { status: "degraded", message: `healthcheck failing${of(c.unhealthy)}` };
  if (c.starting > 0) return { status: "degraded", message: `healthcheck starting${of(c.starting)}` };
  return { status: "up", message: c.total === 1 ? "running" : `${c.total} of ${c.total} containers running` };
}

function notRunningMessage(containers: ContainerRef[], total: number): string {
  const states = [...new Set(containers.map((c) => c.state))].join(", ");
  return total === 1 ? `container ${states}` : `0 of ${total} containers running (${states})`;
}

function result(status: ProbeResult["status"], message: string, counts: Partial<Counts>): ProbeResult {
  const metrics: Record<string, number> = { containers_total: counts.total ?? 0 };
  if (counts.running !== undefined) metrics.containers_running = counts.running;
  if (counts.healthy !== undefined) metrics.containers_healthy = counts.healthy;
  if (counts.restarts !== undefined) metrics.restarts = counts.restarts;
  // Container state comes from the engine itself, and Docker healthchecks retry on their own.
  return { status, message, latencyMs: 0, metrics, definitive: true };
}

function formatWindow(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

/**
 * Remembers when containers went down so the probe can count restarts in a window. Feed it
 * `die` events: a crash under a restart policy emits die then start, a `docker restart` too.
 */
export class RestartTracker implements RestartCounter {
  private readonly times = new Map<string, number[]>();

  constructor(private readonly maxPerContainer = 500) {}

  record(containerId: string, at: number | Date): void {
    const list = this.times.get(containerId) ?? [];
    list.push(typeof at === "number" ? at : at.getTime());
    if (list.length > this.maxPerContainer) list.splice(0, list.length - this.maxPerContainer);
    this.times.set(containerId, list);
  }

  count(containerId: string, windowMs: number, now: number): number {
    const from = now - windowMs;
    return (this.times.get(containerId) ?? []).filter((t) => t > from && t <= now).length;
  }

  forget(containerId: string): void {
    this.times.delete(containerId);
  }

  /** Drops entries older than `before` so long-lived monitors do not grow without bound. */
  prune(before: number): void {
    for (const [id, list] of this.times) {
      const kept = list.filter((t) => t >= before);
      if (kept.length === 0) this.times.delete(id);
      else this.times.set(id, kept);
    }
  }
}
