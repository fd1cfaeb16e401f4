import type { MapSnapshot } from "@/lib/monitor/snapshot";
import type { StateChange } from "@/lib/monitor/types";

export type Service = MapSnapshot["services"][number];
export type Stack = MapSnapshot["stacks"][number];

/**
 * Applies stream changes to the map. Only the items that changed get new objects; every other
 * service keeps its identity, so memoized map nodes and table rows skip re-rendering.
 */
export function applyChanges(snapshot: MapSnapshot, changes: StateChange[]): MapSnapshot {
  const services = new Map<string, Service>();
  const stacks = new Map<string, Stack>();
  const byId = new Map(snapshot.services.map((s) => [s.id, s]));
  for (const change of changes) {
    if (change.type === "stack") {
      const current = stacks.get(change.id) ?? snapshot.stacks.find((s) => s.id === change.id);
      if (current) stacks.set(change.id, { ...current, status: change.to, reason: change.reason });
      continue;
    }
    const id = change.type === "service" ? change.id : change.serviceId;
    const current = id && (services.get(id) ?? byId.get(id));
    if (!current) continue;
    services.set(
      current.id,
      change.type === "service"
        ? {
            ...current,
            status: change.to,
            reason: change.reason,
            since: change.at,
            impactedBy: change.impactedBy,
          }
        : {
            ...current,
            checks: current.checks.map((c) =>
              c.id === change.id ? { ...c, status: change.to, reason: change.reason, since: change.at } : c,
            ),
          },
    );
  }
  return {
    ...snapshot,
    services: services.size ? snapshot.services.map((s) => services.get(s.id) ?? s) : snapshot.services,
    stacks: stacks.size ? snapshot.stacks.map((s) => stacks.get(s.id) ?? s) : snapshot.stacks,
  };
}

/** Whether the snapshot knows the item a change is about (a new container is not known yet). */
export function knows(snapshot: MapSnapshot, change: StateChange): boolean {
  return change.type === "stack"
    ? snapshot.stacks.some((s) => s.id === change.id)
    : snapshot.services.some((s) => s.id === (change.serviceId ?? change.id));
}

/**
 * A fresh snapshot (after a reconnect) keeps the previous objects of services that did not
 * change, so a reconnect repaints only what changed while the stream was down.
 */
export function reconcile(previous: MapSnapshot | null, next: MapSnapshot): MapSnapshot {
  if (!previous) return next;
  const old = new Map(previous.services.map((s) => [s.id, s]));
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return {
    ...next,
    services: next.services.map((s) => {
      const o = old.get(s.id);
      return o && same(o, s) ? o : s;
    }),
    stacks: next.stacks.map((s) => {
      const o = previous.stacks.find((p) => p.id === s.id);
      return o && same(o, s) ? o : s;
    }),
    layout: previous.layout && same(previous.layout, next.layout) ? previous.layout : next.layout,
    edges: same(previous.edges, next.edges) ? previous.edges : next.edges,
  };
}
