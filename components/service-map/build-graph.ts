import type { Node } from "@xyflow/react";
import type { MapSnapshot } from "@/lib/monitor/snapshot";
import type { Service, Stack } from "./apply-change";
import { STATES } from "./state-style";

export type ServiceNodeData = { service: Service; rootNames: string };
export type StackNodeData = { stack: Stack; counts: [string, number][] };
/** A service drawn inside its stack's overview box: where (relative to the stack). */
export type OverviewCell = { service: Service; x: number; y: number };
/** One stack of the zoomed-out overview (drawn by OverviewLayer, not as an xyflow node). */
export type OverviewStack = StackNodeData & {
  id: string;
  box: { x: number; y: number; width: number; height: number };
  cells: OverviewCell[];
  size: { width: number; height: number };
  label: string;
};
export type ServiceNodeType = Node<ServiceNodeData, "service">;
export type StackNodeType = Node<StackNodeData, "stack">;
export type MapNode = ServiceNodeType | StackNodeType;

type Entry<T> = { deps: unknown[]; value: T };

/**
 * Builds xyflow nodes from the snapshot, handing back the previous object whenever nothing it
 * shows changed. xyflow re-renders a node only when its object changes, so a state change
 * repaints one node (plus its stack header), not 500. Edges are drawn by EdgeLayer.
 *
 * Two views: `build` gives one node per stack and per service (readable zoom); `overview` one
 * box per stack, its services drawn inside it as plain coloured cells at their layout positions
 * (below readable zoom, where 2,000 service nodes cost seconds to mount and every change made
 * xyflow walk all of them). Overview boxes are not xyflow nodes: xyflow measures every node it
 * mounts, one forced layout each, which over 80 boxes of cells cost ~0.4 s.
 */
export class GraphBuilder {
  private cache = new Map<string, Entry<MapNode>>();
  private overviewCache = new Map<string, Entry<OverviewStack>>();

  private static reuse<T>(cache: Map<string, Entry<T>>, id: string, deps: unknown[], make: () => T): T {
    const hit = cache.get(id);
    if (hit && hit.deps.length === deps.length && hit.deps.every((d, i) => d === deps[i])) return hit.value;
    const value = make();
    cache.set(id, { deps, value });
    return value;
  }

  private stable(id: string, deps: unknown[], make: () => MapNode): MapNode {
    return GraphBuilder.reuse(this.cache, id, deps, make);
  }

  /** Per stack: its services by state (most urgent first) and the services that pass the filters. */
  private static perStack(snapshot: MapSnapshot, shown: ReadonlySet<string>) {
    const stacks = new Map<string, { counts: Record<string, number>; shown: Service[] }>();
    for (const s of snapshot.services) {
      let entry = stacks.get(s.stackId);
      if (!entry) stacks.set(s.stackId, (entry = { counts: {}, shown: [] }));
      entry.counts[s.status] = (entry.counts[s.status] ?? 0) + 1;
      if (shown.has(s.id)) entry.shown.push(s);
    }
    return (stackId: string) => {
      const entry = stacks.get(stackId) ?? { counts: {}, shown: [] };
      const counts = STATES.filter((st) => entry.counts[st]).map((st): [string, number] => [
        st,
        entry.counts[st],
      ]);
      return { counts, countKey: counts.map(([st, n]) => `${st}:${n}`).join(","), shown: entry.shown };
    };
  }

  build(snapshot: MapSnapshot, shown: ReadonlySet<string>): MapNode[] {
    const layout = snapshot.layout;
    const size = layout?.node ?? { width: 200, height: 60 };
    const names = new Map(snapshot.services.map((s) => [s.id, s.name]));
    const dependsOn = new Map<string, string[]>();
    for (const e of snapshot.edges)
      if (names.has(e.to)) dependsOn.set(e.from, [...(dependsOn.get(e.from) ?? []), names.get(e.to)!]);
    const nodes: MapNode[] = [];
    const ofStack = GraphBuilder.perStack(snapshot, shown);

    for (const stack of snapshot.stacks) {
      const box = layout?.stacks[stack.id];
      if (!box) continue;
      const { counts, countKey, shown: inStack } = ofStack(stack.id);
      const hidden = inStack.length === 0;
      nodes.push(
        this.stable(`stack:${stack.id}`, [stack, countKey, box, hidden], () => ({
          id: `stack:${stack.id}`,
          type: "stack",
          position: { x: box.x, y: box.y },
          width: box.width,
          height: box.height,
          hidden,
          draggable: false,
          selectable: false,
          connectable: false,
          data: { stack, counts },
          zIndex: -1,
          focusable: false,
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

  /** The stacks that have a service passing the filters, for OverviewLayer. */
  overview(snapshot: MapSnapshot, shown: ReadonlySet<string>): OverviewStack[] {
    const layout = snapshot.layout;
    if (!layout) return [];
    const ofStack = GraphBuilder.perStack(snapshot, shown);
    const out: OverviewStack[] = [];
    for (const stack of snapshot.stacks) {
      const box = layout.stacks[stack.id];
      const { counts, countKey, shown: inStack } = ofStack(stack.id);
      if (!box || inStack.length === 0) continue;
      // The same object while none of its services changed (they keep their identity).
      out.push(
        GraphBuilder.reuse(
          this.overviewCache,
          stack.id,
          [stack, countKey, box, layout.node, ...inStack],
          () => {
            const notUp = counts.filter(([st]) => st !== "up").map(([st, n]) => `${n} ${st}`);
            return {
              id: stack.id,
              stack,
              counts,
              box,
              size: layout.node,
              cells: inStack
                .filter((s) => layout.services[s.id])
                .map((s) => ({
                  service: s,
                  x: layout.services[s.id].x - box.x,
                  y: layout.services[s.id].y - box.y,
                })),
              label: [
                `${stack.name}: ${inStack.length} services`,
                notUp.length ? notUp.join(", ") : "all up",
                "press Enter to zoom in",
              ].join(". "),
            };
          },
        ),
      );
    }
    return out;
  }
}
