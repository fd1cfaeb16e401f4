import "server-only";
import { createHash } from "node:crypto";
import dagre from "@dagrejs/dagre";
import type { Catalog } from "@/lib/catalog/types";

/**
 * Positions for the service map, computed here on the server so no layout library reaches the
 * browser. Inside a stack, dagre ranks services by dependency (dependents above what they
 * depend on); stacks are then packed in rows, stacks that others depend on further down.
 * The result depends only on the catalog's shape, so it is cached by a hash of that shape.
 */

export interface MapLayout {
  /** Every service node has this size; the browser renders it at exactly this size. */
  node: { width: number; height: number };
  /** Top-left corner of each service node, absolute. */
  services: Record<string, { x: number; y: number }>;
  /** Box of each stack group, absolute; the header sits in its top `header` pixels. */
  stacks: Record<string, { x: number; y: number; width: number; height: number }>;
  header: number;
}

export const NODE = { width: 200, height: 60 };
const HEADER = 44;
const PAD = 16;
const NODE_GAP = 24;
const RANK_GAP = 56;
const STACK_GAP = 48;
/** Services with no edge in their stack are packed in a grid this many nodes wide at most. */
const LOOSE_COLUMNS = 4;

type Box = { width: number; height: number; at: Record<string, { x: number; y: number }> };
type Shape = Pick<Catalog, "stacks" | "services" | "edges">;

/** Weakly connected components, each in catalog order; singletons are returned apart. */
function components(ids: string[], edges: [string, string][]) {
  const parent = new Map(ids.map((id) => [id, id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const [a, b] of edges) parent.set(find(a), find(b));
  const groups = new Map<string, string[]>();
  for (const id of ids) groups.set(find(id), [...(groups.get(find(id)) ?? []), id]);
  const linked = [...groups.values()].filter((g) => g.length > 1);
  const loose = [...groups.values()].filter((g) => g.length === 1).map((g) => g[0]);
  return { linked, loose };
}

function dagreBox(ids: string[], edges: [string, string][]): Box {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: NODE_GAP, ranksep: RANK_GAP, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of ids) g.setNode(id, { width: NODE.width, height: NODE.height });
  for (const [from, to] of edges) g.setEdge(from, to);
  dagre.layout(g);
  const at: Box["at"] = {};
  let width = 0;
  let height = 0;
  for (const id of ids) {
    const n = g.node(id);
    const x = (n.x ?? 0) - NODE.width / 2;
    const y = (n.y ?? 0) - NODE.height / 2;
    at[id] = { x, y };
    width = Math.max(width, x + NODE.width);
    height = Math.max(height, y + NODE.height);
  }
  return { width, height, at };
}

function gridBox(ids: string[]): Box {
  const at: Box["at"] = {};
  ids.forEach((id, i) => {
    at[id] = {
      x: (i % LOOSE_COLUMNS) * (NODE.width + NODE_GAP),
      y: Math.floor(i / LOOSE_COLUMNS) * (NODE.height + NODE_GAP),
    };
  });
  const cols = Math.min(ids.length, LOOSE_COLUMNS);
  const rows = Math.ceil(ids.length / LOOSE_COLUMNS);
  return {
    width: cols * NODE.width + (cols - 1) * NODE_GAP,
    height: rows * NODE.height + (rows - 1) * NODE_GAP,
    at,
  };
}

/** Places boxes left to right, wrapping at `maxWidth`; returns each box's offset and the total size. */
function packRows(boxes: { width: number; height: number }[], maxWidth: number, gap: number) {
  const offsets: { x: number; y: number }[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const box of boxes) {
    if (x > 0 && x + box.width > maxWidth) {
      x = 0;
      y += rowHeight + gap;
      rowHeight = 0;
    }
    offsets.push({ x, y });
    x += box.width + gap;
    rowHeight = Math.max(rowHeight, box.height);
    width = Math.max(width, x - gap);
  }
  return { offsets, width, height: y + rowHeight };
}

/** One stack's services: each dependency component laid out by dagre, loose services in a grid. */
function stackBox(ids: string[], edges: [string, string][]): Box {
  const { linked, loose } = components(ids, edges);
  const boxes = linked.map((group) => {
    const inGroup = new Set(group);
    return dagreBox(
      group,
      edges.filter(([a]) => inGroup.has(a)),
    );
  });
  if (loose.length) boxes.push(gridBox(loose));
  const widest = Math.max(0, ...boxes.map((b) => b.width));
  const minWidth = LOOSE_COLUMNS * (NODE.width + NODE_GAP) - NODE_GAP;
  const packed = packRows(boxes, Math.max(widest, minWidth), RANK_GAP);
  const at: Box["at"] = {};
  boxes.forEach((box, i) => {
    for (const [id, p] of Object.entries(box.at))
      at[id] = { x: p.x + packed.offsets[i].x, y: p.y + packed.offsets[i].y };
  });
  return { width: packed.width, height: packed.height, at };
}

/** Longest chain of cross-stack dependencies below each stack (cycles cut), for row order. */
function stackDepth(stackIds: string[], deps: Map<string, Set<string>>) {
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    if (depth.has(id)) return depth.get(id)!;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    let d = 0;
    for (const dep of deps.get(id) ?? []) d = Math.max(d, visit(dep) + 1);
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  for (const id of stackIds) visit(id);
  return depth;
}

export function computeLayout(shape: Shape): MapLayout {
  const stackOf = new Map(shape.services.map((s) => [s.id, s.stackId]));
  const members = new Map<string, string[]>(shape.stacks.map((s) => [s.id, []]));
  for (const s of shape.services) members.get(s.stackId)?.push(s.id);
  const inner = new Map<string, [string, string][]>();
  const crossDeps = new Map<string, Set<string>>();
  for (const e of shape.edges) {
    const a = stackOf.get(e.from);
    const b = stackOf.get(e.to);
    if (!a || !b || e.from === e.to) continue;
    if (a === b) inner.set(a, [...(inner.get(a) ?? []), [e.from, e.to]]);
    else crossDeps.set(a, new Set([...(crossDeps.get(a) ?? []), b]));
  }
  const stacks = shape.stacks.filter((s) => (members.get(s.id)?.length ?? 0) > 0);
  const boxes = stacks.map((s) => cachedStackBox(members.get(s.id)!, inner.get(s.id) ?? []));
  const depth = stackDepth(
    stacks.map((s) => s.id),
    crossDeps,
  );
  // Dependents first (deepest chains below them), then catalog order: reads top to bottom.
  const order = stacks
    .map((s, i) => ({ id: s.id, i, depth: depth.get(s.id) ?? 0 }))
    .sort((a, b) => b.depth - a.depth || a.i - b.i);
  const outer = order.map(({ i }) => ({
    width: boxes[i].width + 2 * PAD,
    height: boxes[i].height + HEADER + PAD,
  }));
  const area = outer.reduce((sum, b) => sum + (b.width + STACK_GAP) * (b.height + STACK_GAP), 0);
  // Aim for a landscape canvas, a little wider than the screen it is shown on: rows rarely
  // fill up, so the packed map ends up narrower than the target.
  const maxWidth = Math.max(Math.sqrt(area * 2.4), ...outer.map((b) => b.width));
  const packed = packRows(outer, maxWidth, STACK_GAP);

  const layout: MapLayout = { node: NODE, services: {}, stacks: {}, header: HEADER };
  order.forEach(({ id, i }, k) => {
    const { x, y } = packed.offsets[k];
    layout.stacks[id] = { x, y, width: outer[k].width, height: outer[k].height };
    for (const [sid, p] of Object.entries(boxes[i].at))
      layout.services[sid] = { x: x + PAD + p.x, y: y + HEADER + p.y };
  });
  return layout;
}

/** A small LRU: Map keeps insertion order, so the first key is the least recently used. */
function lru<T>(max: number) {
  const map = new Map<string, T>();
  return (key: string, make: () => T): T => {
    const hit = map.get(key);
    if (hit !== undefined) {
      map.delete(key);
      map.set(key, hit);
      return hit;
    }
    const value = make();
    map.set(key, value);
    if (map.size > max) map.delete(map.keys().next().value!);
    return value;
  };
}

// dagre costs ~1-5 ms per component, ~0.3 s for 500 services: a stack is only laid out again
// when its own services or edges change, the whole map when any stack's shape does.
const stackCache = lru<Box>(512);
const layoutCache = lru<MapLayout>(8);

function cachedStackBox(ids: string[], edges: [string, string][]): Box {
  const hash = createHash("sha1");
  for (const id of ids) hash.update(`n\0${id}\n`);
  for (const [a, b] of edges) hash.update(`e\0${a}\0${b}\n`);
  return stackCache(hash.digest("hex"), () => stackBox(ids, edges));
}

function shapeKey(shape: Shape): string {
  const hash = createHash("sha1");
  for (const s of shape.stacks) hash.update(`s\0${s.id}\n`);
  for (const s of shape.services) hash.update(`n\0${s.id}\0${s.stackId}\n`);
  for (const e of shape.edges) hash.update(`e\0${e.from}\0${e.to}\n`);
  return hash.digest("hex");
}

/** The layout for this catalog shape; computed once per shape (health changes never relayout). */
export function layoutFor(shape: Shape): MapLayout {
  return layoutCache(shapeKey(shape), () => computeLayout(shape));
}
