"use client";

import "@xyflow/react/dist/style.css";
import "./service-map.css";
import {
  Controls,
  getViewportForBounds,
  ReactFlow,
  useReactFlow,
  useStoreApi,
  type NodeTypes,
  type ReactFlowInstance,
  type Rect,
  type Viewport,
} from "@xyflow/react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { MapSnapshot } from "@/lib/monitor/snapshot";
import { GraphBuilder, type MapNode } from "./build-graph";
import { EdgeLayer, impactEdges } from "./edge-layer";
import { NodeActionsMenu, type MenuTarget } from "./node-actions-menu";
import { NodeTooltip } from "./node-tooltip";
import { OverviewLayer } from "./overview-layer";
import { ServiceNode, StackNode } from "./service-node";

const nodeTypes = { service: ServiceNode, stack: StackNode } satisfies NodeTypes;
const NO_NODES: MapNode[] = [];
const NO_EDGES: never[] = [];
const MIN_ZOOM = 0.05;
const MAX_FIT_ZOOM = 1;
const PADDING = 0.04;
/**
 * Below this zoom a node's words are a few pixels high: the map shows each stack as one node
 * with its services as coloured cells (GraphBuilder.overview) instead of one node per service.
 */
export const OVERVIEW_BELOW_ZOOM = 0.4;

/**
 * The box around the given services' stacks (all stacks when `ids` is null), straight from the
 * server's layout: no need to wait for xyflow to measure nodes it may never render.
 */
function boundsOf(snapshot: MapSnapshot, ids: ReadonlySet<string> | null): Rect | null {
  const layout = snapshot.layout;
  if (!layout) return null;
  const boxes = ids
    ? snapshot.services
        .filter((s) => ids.has(s.id) && layout.services[s.id])
        .map((s) => ({ ...layout.services[s.id], ...layout.node }))
    : Object.values(layout.stacks);
  if (boxes.length === 0) return null;
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y - (ids ? layout.header : 0)));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

function fit(bounds: Rect | null, size: { width: number; height: number }): Viewport {
  if (!bounds) return { x: 0, y: 0, zoom: 1 };
  return getViewportForBounds(bounds, size.width, size.height, MIN_ZOOM, MAX_FIT_ZOOM, PADDING);
}

/** When the filters change (not when live data does), frame what is left to see. */
function FitOnFilter(props: { filterKey: string; snapshot: MapSnapshot; shown: ReadonlySet<string> }) {
  const flow = useReactFlow();
  const store = useStoreApi();
  const latest = useRef(props);
  const first = useRef(true);
  useLayoutEffect(() => {
    latest.current = props;
  });
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const { snapshot, shown } = latest.current;
    const { width, height } = store.getState();
    const bounds = boundsOf(snapshot, shown.size === snapshot.services.length ? null : shown);
    if (bounds) void flow.setViewport(fit(bounds, { width, height }), { duration: 200 });
  }, [props.filterKey, flow, store]);
  return null;
}

const serviceHref = (id: string) => `/services/${encodeURIComponent(id)}`;
const nameOf = (services: MapSnapshot["services"], id: string) =>
  services.find((s) => s.id === id)?.name ?? id;

/**
 * The graph: positions come from the server's layout, so nothing is measured or moved here,
 * and the first frame already shows the whole map. Only visible nodes are rendered; nodes keep
 * their identity unless their service changed.
 */
export function MapCanvas({
  snapshot,
  shown,
  filterKey,
}: {
  snapshot: MapSnapshot;
  shown: ReadonlySet<string>;
  filterKey: string;
}) {
  const router = useRouter();
  const box = useRef<HTMLDivElement>(null);
  const [initial, setInitial] = useState<Viewport | null>(null);
  const [overview, setOverview] = useState(false);
  const flow = useRef<ReactFlowInstance<MapNode> | null>(null);
  const onInit = useCallback((instance: ReactFlowInstance<MapNode>) => (flow.current = instance), []);
  // Every pan and zoom, the user's or ours (not xyflow's own start-up, whose first transform is
  // not yet the one given as defaultViewport): the view flips where the zoom crosses the line.
  const onMove = useCallback(
    (_: unknown, viewport: Viewport) => setOverview(viewport.zoom < OVERVIEW_BELOW_ZOOM),
    [],
  );
  const builder = useRef<GraphBuilder | null>(null);
  builder.current ??= new GraphBuilder();
  const nodes = useMemo(
    () => (overview ? NO_NODES : builder.current!.build(snapshot, shown)),
    [overview, snapshot, shown],
  );
  const overviewStacks = useMemo(
    () => (overview ? builder.current!.overview(snapshot, shown) : null),
    [overview, snapshot, shown],
  );
  const latestSnapshot = useRef(snapshot);
  useLayoutEffect(() => {
    latestSnapshot.current = snapshot;
  });
  // An overview stack opens by zooming in on it, to readable size (or as near as it fits).
  const zoomToStack = useCallback((stackId: string) => {
    const stack = latestSnapshot.current.layout?.stacks[stackId];
    const pane = box.current;
    if (!stack || !pane || !flow.current) return;
    const { clientWidth: width, clientHeight: height } = pane;
    const target = getViewportForBounds(stack, width, height, OVERVIEW_BELOW_ZOOM, MAX_FIT_ZOOM, PADDING);
    void flow.current.setViewport(target, { duration: 200 });
  }, []);
  const impact = useMemo(() => impactEdges(snapshot.services), [snapshot.services]);
  // Stable handlers: xyflow passes them to every node wrapper, a new function re-renders all.
  const onNodeClick = useCallback(
    (event: React.MouseEvent, node: MapNode) => {
      if (node.type === "service" && !(event.target as HTMLElement).closest("a"))
        router.push(serviceHref(node.id));
    },
    [router],
  );
  // The shared tooltip follows the pointer and keyboard focus (not a mouse click's focus).
  const [tip, setTip] = useState<string | null>(null);
  const onNodeMouseEnter = useCallback((_: React.MouseEvent, node: MapNode) => {
    if (node.type === "service") setTip(node.id);
  }, []);
  const onNodeMouseLeave = useCallback(() => setTip(null), []);
  const onFocus = useCallback((event: React.FocusEvent) => {
    const target = event.target as HTMLElement;
    if (target.classList.contains("react-flow__node-service") && target.matches(":focus-visible"))
      setTip(target.dataset.id ?? null);
  }, []);
  const onBlur = useCallback((event: React.FocusEvent) => {
    if ((event.target as HTMLElement).classList.contains("react-flow__node-service")) setTip(null);
  }, []);
  // The context menu: right-click, or the ContextMenu key / Shift+F10 on a focused node.
  const [menu, setMenu] = useState<MenuTarget | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);
  const services = useRef(snapshot.services);
  useLayoutEffect(() => {
    services.current = snapshot.services;
  });
  const onNodeContextMenu = useCallback((event: React.MouseEvent, node: MapNode) => {
    if (node.type !== "service") return;
    event.preventDefault();
    const returnTo = (event.target as HTMLElement).closest<HTMLElement>(".react-flow__node");
    setMenu({
      serviceId: node.id,
      serviceName: nameOf(services.current, node.id),
      x: event.clientX,
      y: event.clientY,
      returnTo,
    });
  }, []);
  const onKeyDown = useCallback(
    (event: React.KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (!target.classList.contains("react-flow__node-service")) return;
      const id = target.dataset.id;
      if (!id) return;
      if (event.key === "Enter") router.push(serviceHref(id));
      else if (event.key === "ContextMenu" || (event.shiftKey && event.key === "F10")) {
        event.preventDefault();
        const box = target.getBoundingClientRect();
        setMenu({
          serviceId: id,
          serviceName: nameOf(services.current, id),
          x: box.left,
          y: box.bottom + 4,
          returnTo: target,
        });
      }
    },
    [router],
  );

  // Measured before the first paint, so the map appears framed instead of jumping into place.
  useLayoutEffect(() => {
    if (initial || !box.current) return;
    const size = { width: box.current.clientWidth, height: box.current.clientHeight };
    const all = shown.size === snapshot.services.length;
    const first = fit(boundsOf(snapshot, all ? null : shown), size);
    setOverview(first.zoom < OVERVIEW_BELOW_ZOOM);
    setInitial(first);
  }, [initial, snapshot, shown]);

  return (
    <div ref={box} className="h-full w-full">
      {initial && (
        <ReactFlow<MapNode>
          className="service-map"
          aria-label="Service map: services grouped by stack, arrows point to dependencies"
          nodes={nodes}
          edges={NO_EDGES}
          nodeTypes={nodeTypes}
          colorMode="system"
          defaultViewport={initial}
          minZoom={MIN_ZOOM}
          maxZoom={2}
          onlyRenderVisibleElements
          onInit={onInit}
          onMove={onMove}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          edgesFocusable={false}
          onNodeClick={onNodeClick}
          onNodeContextMenu={onNodeContextMenu}
          onNodeMouseEnter={onNodeMouseEnter}
          onNodeMouseLeave={onNodeMouseLeave}
          onFocus={onFocus}
          onBlur={onBlur}
          onKeyDown={onKeyDown}
        >
          <Controls showInteractive={false} position="bottom-right" fitViewOptions={{ padding: PADDING }} />
          <FitOnFilter filterKey={filterKey} snapshot={snapshot} shown={shown} />
          <NodeTooltip
            service={tip ? snapshot.services.find((s) => s.id === tip) : undefined}
            at={tip ? snapshot.layout?.services[tip] : undefined}
            size={snapshot.layout?.node ?? { width: 200, height: 60 }}
          />
          {overviewStacks && <OverviewLayer stacks={overviewStacks} onOpen={zoomToStack} />}
          {snapshot.layout && (
            <EdgeLayer edges={snapshot.edges} layout={snapshot.layout} impact={impact} shown={shown} />
          )}
        </ReactFlow>
      )}
      <NodeActionsMenu target={menu} onClose={closeMenu} />
    </div>
  );
}
