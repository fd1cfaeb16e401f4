"use client";

import { getBezierPath, Position, ViewportPortal } from "@xyflow/react";
import { memo, useMemo } from "react";
import type { MapSnapshot } from "@/lib/monitor/snapshot";

// Zinc-400 and red-600 read on both themes' backgrounds.
const EDGE_COLOR = "#a1a1aa";
const IMPACT_COLOR = "#dc2626";

type Geometry = { id: string; from: string; to: string; d: string };

/** Impacted services' paths to their root causes, as "from->to" edge ids. */
export function impactEdges(services: MapSnapshot["services"]): string {
  const ids = new Set<string>();
  for (const s of services) {
    const via = s.impactedBy?.via ?? [];
    for (let k = 0; k + 1 < via.length; k++) ids.add(`${via[k]}->${via[k + 1]}`);
  }
  return [...ids].sort().join("\n");
}

/**
 * Every dependency as one path in one SVG, from the bottom of the dependent to the top of what
 * it depends on. xyflow would wrap each edge in its own <svg> and store subscription; with
 * ~1,000 edges that made every repaint re-layerize the page. Positions are static (the
 * server's layout), so the paths are computed once; a state change only restyles.
 */
export const EdgeLayer = memo(function EdgeLayer({
  edges,
  layout,
  impact,
  shown,
}: {
  edges: MapSnapshot["edges"];
  layout: NonNullable<MapSnapshot["layout"]>;
  /** From impactEdges(): a string, so the layer re-renders only when the paths change. */
  impact: string;
  /** Keeps its identity while its content is unchanged (see LiveMap). */
  shown: ReadonlySet<string>;
}) {
  const geometry = useMemo(() => {
    const seen = new Set<string>();
    const out: Geometry[] = [];
    const { width, height } = layout.node;
    for (const e of edges) {
      const id = `${e.from}->${e.to}`;
      const a = layout.services[e.from];
      const b = layout.services[e.to];
      if (!a || !b || e.from === e.to || seen.has(id)) continue;
      seen.add(id);
      const [d] = getBezierPath({
        sourceX: a.x + width / 2,
        sourceY: a.y + height,
        sourcePosition: Position.Bottom,
        targetX: b.x + width / 2,
        targetY: b.y,
        targetPosition: Position.Top,
      });
      out.push({ id, from: e.from, to: e.to, d });
    }
    return out;
  }, [edges, layout]);
  const onPath = useMemo(() => new Set(impact.split("\n")), [impact]);
  const visible = useMemo(
    () => geometry.filter((g) => shown.has(g.from) && shown.has(g.to)),
    [geometry, shown],
  );
  // Impact paths last, so they are drawn over the others.
  const ordered = [...visible.filter((g) => !onPath.has(g.id)), ...visible.filter((g) => onPath.has(g.id))];

  return (
    <ViewportPortal>
      <svg
        aria-hidden="true"
        data-testid="map-edges"
        className="pointer-events-none absolute top-0 left-0 overflow-visible"
        // Above the stack boxes (z -1, earlier in the DOM), below the service nodes (z 0).
        style={{ zIndex: -1 }}
        width="1"
        height="1"
      >
        <defs>
          <marker
            id="map-arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="6"
            markerHeight="6"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill={EDGE_COLOR} />
          </marker>
          <marker
            id="map-arrow-impact"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="5"
            markerHeight="5"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill={IMPACT_COLOR} />
          </marker>
        </defs>
        {ordered.map((g) => {
          const hot = onPath.has(g.id);
          return (
            <path
              key={g.id}
              data-id={g.id}
              className={hot ? "impact-path" : undefined}
              d={g.d}
              fill="none"
              stroke={hot ? IMPACT_COLOR : EDGE_COLOR}
              strokeWidth={hot ? 2.5 : 1.25}
              strokeDasharray={hot ? "6 4" : undefined}
              markerEnd={hot ? "url(#map-arrow-impact)" : "url(#map-arrow)"}
            />
          );
        })}
      </svg>
    </ViewportPortal>
  );
});
