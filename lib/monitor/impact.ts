import type { Catalog } from "@/lib/catalog/types";
import type { ServiceHealth } from "./types";

/** Breadth-first walk over dependencies; returns each reachable id with its predecessor (cycle-safe). */
function walk(start: string, deps: ReadonlyMap<string, readonly string[]>): Map<string, string> {
  const parent = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  for (let i = 0; i < queue.length; i++) {
    for (const next of deps.get(queue[i]) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      parent.set(next, queue[i]);
      queue.push(next);
    }
  }
  return parent;
}

function pathTo(start: string, target: string, parent: ReadonlyMap<string, string>): string[] {
  const path = [target];
  for (let node = target; node !== start;) {
    node = parent.get(node)!;
    path.unshift(node);
  }
  return path;
}

/**
 * Marks services whose dependencies (transitively, along edges from -> to) are down.
 * A root cause is a down service with no down dependency of its own, except one in a cycle
 * with it (a ring of down services has no deeper cause, so all of them are roots).
 * Own status and reason are kept: the UI shows both, and groups alerts under the root cause.
 */
export function propagateImpact(
  catalog: Catalog,
  own: ReadonlyMap<string, ServiceHealth>,
): Map<string, ServiceHealth> {
  const deps = new Map<string, string[]>();
  for (const edge of catalog.edges) {
    if (edge.from === edge.to) continue;
    const list = deps.get(edge.from) ?? [];
    list.push(edge.to);
    deps.set(edge.from, list);
  }
  const isDown = (id: string) => own.get(id)?.status === "down";
  const reach = new Map<string, Map<string, string>>();
  for (const id of own.keys()) reach.set(id, walk(id, deps));

  const roots = new Set<string>();
  for (const [id, parent] of reach) {
    if (!isDown(id)) continue;
    // Every down dependency must lead back to this service (same cycle) for it to be a root.
    const deeper = [...parent.keys()].some((dep) => isDown(dep) && !reach.get(dep)?.has(id));
    if (!deeper) roots.add(id);
  }

  const nameOf = (id: string) => catalog.services.find((s) => s.id === id)?.name ?? id;
  const result = new Map<string, ServiceHealth>();
  for (const [id, health] of own) {
    const { impactedBy: _stale, ...base } = health;
    const parent = reach.get(id)!;
    const causes = roots.has(id) ? [] : [...parent.keys()].filter((dep) => roots.has(dep));
    if (causes.length === 0) {
      result.set(id, base);
      continue;
    }
    // BFS order puts the nearest root first; name roots in that order for a stable reason.
    const reason = `impacted by ${causes.map((c) => `${nameOf(c)} (down: ${own.get(c)!.reason})`).join(", ")}`;
    result.set(id, {
      ...base,
      impactedBy: { rootCauses: causes, via: pathTo(id, causes[0], parent), reason },
    });
  }
  return result;
}
