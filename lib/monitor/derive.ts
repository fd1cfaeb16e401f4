import type { CatalogService, CatalogStack } from "@/lib/catalog/types";
import type { ProbeResult } from "@/lib/probes/types";
import type { CheckState, HealthState, ServiceHealth, StackHealth } from "./types";

export { propagateImpact } from "./impact";
export { diffHealth } from "./diff";

/** Worse first. Maintenance is handled separately: it overrides a service, and never drags a stack down. */
const SEVERITY: Record<HealthState, number> = { down: 4, degraded: 3, unknown: 2, up: 1, maintenance: 0 };

export function isWorse(a: HealthState, b: HealthState): boolean {
  return SEVERITY[a] > SEVERITY[b];
}

/**
 * Folds one probe result into a check's state.
 * Damping: a failure while up or degraded only turns the check down after `failuresBeforeDown`
 * failures in a row, so one dropped packet does not page anyone. Recovery is immediate: a
 * success is direct evidence the service answers, and holding "down" would hide a fix.
 * Degraded and unknown results are reported at once (they are not alarms that page), and so
 * are definitive results such as a container that is not running.
 */
export function applyResult(
  prev: CheckState | undefined,
  result: ProbeResult,
  opts: { failuresBeforeDown: number; now: Date },
): CheckState {
  const at = opts.now.toISOString();
  const threshold = Math.max(1, Math.floor(opts.failuresBeforeDown));
  const failing = result.status === "down";
  const consecutiveFailures = failing ? (prev?.consecutiveFailures ?? 0) + 1 : 0;
  const wasWorking = prev?.status === "up" || prev?.status === "degraded";

  let status: CheckState["status"] = result.status;
  let reason = result.message;
  let pendingFailures = 0;
  // Without a previous working state there is nothing to protect: report down at once. Direct
  // evidence (a stopped container) is not a blip either.
  if (failing && wasWorking && !result.definitive && consecutiveFailures < threshold) {
    status = prev.status;
    pendingFailures = consecutiveFailures;
    reason = `failing ${consecutiveFailures}/${threshold}: ${result.message}`;
  }

  const since = prev && prev.status === status ? prev.since : at;
  return { status, reason, since, lastResult: result, lastRunAt: at, consecutiveFailures, pendingFailures };
}

export interface ServiceHealthOptions {
  now: Date;
  /** The previous health of this service, so `since` survives re-derivation. */
  prev?: ServiceHealth;
  /** Set while a maintenance window covers the service; overrides what checks say. */
  maintenance?: { reason: string };
}

/**
 * A service is as healthy as its worst check (down > degraded > unknown > up).
 * `checkStates` holds this service's check states keyed by check id; a declared check
 * that has not run yet counts as unknown.
 */
export function deriveServiceHealth(
  service: CatalogService,
  checkStates: ReadonlyMap<string, CheckState>,
  opts: ServiceHealthOptions,
): ServiceHealth {
  const keepSince = (status: HealthState, fallback: string) =>
    opts.prev && opts.prev.status === status ? opts.prev.since : fallback;
  const now = opts.now.toISOString();

  if (opts.maintenance) {
    return {
      serviceId: service.id,
      status: "maintenance",
      reason: opts.maintenance.reason,
      since: keepSince("maintenance", now),
    };
  }
  if (service.checks.length === 0) {
    return {
      serviceId: service.id,
      status: "unknown",
      reason: "no checks declared",
      since: keepSince("unknown", now),
    };
  }

  let worst: { id: string; status: HealthState; reason: string; since?: string }[] = [];
  for (const check of service.checks) {
    const state = checkStates.get(check.id);
    const entry = state
      ? { id: check.id, status: state.status, reason: state.reason, since: state.since }
      : { id: check.id, status: "unknown" as const, reason: "not run yet" };
    if (worst.length === 0 || isWorse(entry.status, worst[0].status)) worst = [entry];
    else if (entry.status === worst[0].status) worst.push(entry);
  }

  const status = worst[0].status;
  const sinces = worst.flatMap((w) => (w.since ? [w.since] : [])).sort();
  // Re-derived from scratch (restart): the state began when the first worst check entered it;
  // a fresh transition was caused by the latest one.
  // Out of a maintenance window, the state begins when the window ended: what happened inside it
  // stays the window's in the history (and out of uptime).
  const derivedSince =
    sinces.length === 0 || opts.prev?.status === "maintenance"
      ? now
      : opts.prev
        ? sinces[sinces.length - 1]
        : sinces[0];
  const reason =
    status === "up"
      ? worst.length === 1
        ? `check \`${worst[0].id}\`: ${worst[0].reason}`
        : `all ${worst.length} checks up`
      : worst.map((w) => `check \`${w.id}\`: ${w.reason}`).join("; ");
  return { serviceId: service.id, status, reason, since: keepSince(status, derivedSince) };
}

/** Worst state over the stack's services, with counts by state. Maintenance only shows when every service is in it. */
export function deriveStackHealth(stack: CatalogStack, services: readonly ServiceHealth[]): StackHealth {
  const counts: Record<HealthState, number> = { up: 0, degraded: 0, down: 0, unknown: 0, maintenance: 0 };
  for (const s of services) counts[s.status] += 1;
  const total = services.length;
  if (total === 0) return { stackId: stack.id, status: "unknown", reason: "no services", counts, total };

  let status: HealthState = "maintenance";
  for (const s of services) if (isWorse(s.status, status)) status = s.status;

  let reason: string;
  if (status === "up") reason = `all ${total} services up`;
  else if (status === "maintenance") reason = `all ${total} services in maintenance`;
  else {
    const names = services.filter((s) => s.status === status).map((s) => s.serviceId);
    reason = `${counts[status]} of ${total} services ${status}: ${names.join(", ")}`;
  }
  return { stackId: stack.id, status, reason, counts, total };
}
