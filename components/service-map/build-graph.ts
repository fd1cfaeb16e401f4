import type { Node } from "@xyflow/react";
import type { MapSnapshot } from "@/lib/monitor/snapshot";
import type { Service, Stack } from "./apply-change";
import { STATES } from "./state-style";

export type ServiceNodeData = { service: Service; rootNames: string };
export type StackNodeData = { stack: Stack; counts: [string, number][] };
export type ServiceNodeType = Node<ServiceNodeData, "service">;
export type StackNodeType = Node<StackNodeData, "stack">;
export type MapNode = ServiceNodeType | StackNodeType;

type Entry<T> = { deps: unknown[]; value: T };

/**
 * Builds xyflow nodes from the snapshot, handing back the previous object whenever nothing it
 * shows changed. xyflow re-renders a node only when its object changes, so a state change
 * repaints one node (plus its stack header), not 500. Edges are drawn by EdgeLayer.
 */
export class GraphBuilder {
  private cache = new Map<string, Entry<MapNode>>();

  private stable(id: string, deps: unknown[], make: () => MapNode): MapNode {
    const hit = this.cache.get(id);
    if (hit && hit.deps.length === deps.length && hit.deps.every((d, i) => d === deps[i])) return hit.value;
    const value = make();
    this.cache.set(id, { deps, value });
    return value;
  }

  build(snapshot: MapSnapshot, shown: ReadonlySet<string>): MapNode[] {
    const layout = snapshot.layout;
    const size = layout?.node ?? { width: 200, height: 60 };
    const names = new Map(snapshot.services.map((s) => [s.id, s.name]));
    const dependsOn = new Map<string, string[]>();
    for (const e of snapshot.edges)
      if (names.has(e.to)) dependsOn.set(e.from, [...(dependsOn.get(e.from) ?? []), names.get(e.to)!]);
    const nodes: MapNode[] = [];
    const counts = new Map<string, Record<string, number>>();
    const shownPerStack = new Map<string, number>();
    for (const s of snapshot.services) {
      const c = counts.get(s.stackId) ?? {};
      c[s.status] = (c[s.status] ?? 0) + 1;
      counts.set(s.stackId, c);
      if (shown.has(s.id)) shownPerStack.set(s.stackId, (shownPerStack.get(s.stackId) ?? 0) + 1);
    }

    for (const stack of snapshot.stacks) {
      const box = layout?.stacks[stack.id];
      if (!box) continue;
      const c = counts.get(stack.id) ?? {};
      const countList = STATES.filter((st) => c[st]).map((st): [string, number] => [st, c[st]]);
      const countKey = countList.map(([st, n]) => `${st}:${n}`).join(",");
      const hidden = !shownPerStack.get(stack.id);
      nodes.push(
        this.stable(`stack:${stack.id}`, [stack, countKey, box, hidden], () => ({
          id: `stack:${stack.id}`,
          type: "stack",
          position: { x: box.x, y: box.y },
          width: box.width,
          height: box.height,
          data: { stack, counts: countList },
          hidden,
          zIndex: -1,
          draggable: false,
          selectable: false,
          focusable: false,
          connectable: false,
          ariaRole: "region",
          ariaLabel: `${stack.name} stack`,
        })),
      );
    }

    snapshot.services.forEach((s, i) => {
      // A service the layout does not know yet (it appeared a moment ago) waits above the map.
      const at = layout?.services[s.id] ?? { x: i * (size.width + 24), y: -2 * size.height };
      const rootNames = s.impactedBy?.rootCauses.map((id) => names.get(id) ?? id).join(", ") ?? "";
      const deps = dependsOn.get(s.id)?.join(", ") ?? "";
      const hidden = !shown.has(s.id);
      nodes.push(
        this.stable(s.id, [s, rootNames, deps, at, hidden], () => ({
          id: s.id,
          type: "service",
          position: at,
          width: size.width,
          height: size.height,
          data: { service: s, rootNames },
          hidden,
          draggable: false,
          selectable: false,
          connectable: false,
          // The drawn edges are decoration for screen readers; the label says what they say.
          ariaLabel: [
            `${s.name}: ${s.status}`,
            s.reason,
            s.impactedBy ? `impacted by ${rootNames}` : "",
            deps ? `depends on ${deps}` : "",
            "press Enter to open",
          ]
            .filter(Boolean)
            .join(". "),
        })),
      );
    });
    return nodes;
  }
}
