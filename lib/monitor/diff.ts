import type { HealthSnapshot, ImpactInfo, StateChange } from "./types";

const EMPTY: HealthSnapshot = { checks: new Map(), services: new Map(), stacks: new Map() };

function sameCauses(a: ImpactInfo | undefined, b: ImpactInfo | undefined): boolean {
  if (a === b || (!a?.rootCauses.length && !b?.rootCauses.length)) return true;
  const x = [...(a?.rootCauses ?? [])].sort();
  const y = [...(b?.rootCauses ?? [])].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * What changed between two snapshots, so the engine publishes changes and not the world.
 * Status changes only: a new reason with the same status is not news (it would flood the
 * stream on every probe). A service also changes when its set of root causes changes.
 * Items missing from `next` are not reported; catalog reloads announce removals.
 * `now` stamps changes that carry no `since` of their own (stacks, impact-only changes).
 */
export function diffHealth(
  prev: HealthSnapshot | undefined,
  next: HealthSnapshot,
  now: Date = new Date(),
): StateChange[] {
  const at = now.toISOString();
  const before = prev ?? EMPTY;
  const changes: StateChange[] = [];

  for (const [serviceId, checks] of next.checks) {
    const old = before.checks.get(serviceId);
    if (old === checks) continue; // the same map: nothing ran for this service since
    for (const [id, state] of checks) {
      const from = old?.get(id)?.status ?? null;
      if (from === state.status) continue;
      changes.push({
        type: "check",
        id,
        serviceId,
        from,
        to: state.status,
        reason: state.reason,
        at: state.since,
      });
    }
  }

  // The engine reuses the maps when no service changed.
  if (next.services !== before.services)
    for (const [id, health] of next.services) {
      const old = before.services.get(id);
      const from = old?.status ?? null;
      if (from === health.status && sameCauses(old?.impactedBy, health.impactedBy)) continue;
      const change: StateChange = {
        type: "service",
        id,
        from,
        to: health.status,
        reason: health.reason,
        at: health.since,
      };
      if (health.impactedBy) change.impactedBy = health.impactedBy;
      // A pure impact change happened now-ish, not when the own status last changed.
      if (from === health.status) change.at = at;
      changes.push(change);
    }

  if (next.stacks !== before.stacks)
    for (const [id, stack] of next.stacks) {
      const from = before.stacks.get(id)?.status ?? null;
      if (from === stack.status) continue;
      // Stacks carry no since: the change is as recent as the newest service change in it.
      changes.push({ type: "stack", id, from, to: stack.status, reason: stack.reason, at });
    }
  return changes;
}
