import { describe, expect, it } from "vitest";
import { computeLayout, layoutFor, NODE, type MapLayout } from "./layout";

type Shape = Parameters<typeof computeLayout>[0];

/** A shape from stack -> service ids and "from->to" dependency edges. */
function shape(stacks: Record<string, string[]>, edges: string[] = []): Shape {
  return {
    stacks: Object.keys(stacks).map((id) => ({ id, name: id })),
    services: Object.entries(stacks).flatMap(([stackId, ids]) =>
      ids.map((id) => ({
        id,
        name: id,
        stackId,
        kind: "external" as const,
        tags: [],
        checks: [],
        containers: [],
        actions: [],
        origin: "config" as const,
      })),
    ),
    edges: edges.map((e) => {
      const [from, to] = e.split("->");
      return { from, to, source: "config" as const };
    }),
  };
}

function overlaps(a: { x: number; y: number; w: number; h: number }, b: typeof a) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function expectNoOverlaps(layout: MapLayout, s: Shape) {
  const clashes: string[] = [];
  const boxes = Object.entries(layout.services).map(([id, p]) => ({
    id,
    x: p.x,
    y: p.y,
    w: NODE.width,
    h: NODE.height,
  }));
  const stacks = Object.entries(layout.stacks).map(([id, b]) => ({
    id,
    x: b.x,
    y: b.y,
    w: b.width,
    h: b.height,
  }));
  for (const list of [boxes, stacks])
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++)
        if (overlaps(list[i], list[j])) clashes.push(`${list[i].id} overlaps ${list[j].id}`);
  for (const svc of s.services) {
    const p = layout.services[svc.id];
    const box = layout.stacks[svc.stackId];
    const inside =
      p &&
      p.x >= box.x &&
      p.y >= box.y + layout.header &&
      p.x + NODE.width <= box.x + box.width &&
      p.y + NODE.height <= box.y + box.height;
    if (!inside) clashes.push(`${svc.id} is not inside its stack's box, below the header`);
  }
  expect(clashes).toEqual([]);
}

describe("computeLayout", () => {
  it("puts dependents above what they depend on, inside their stack's box", () => {
    const s = shape({ app: ["web", "api", "db", "cache"] }, ["web->api", "api->db", "api->cache"]);
    const layout = computeLayout(s);
    const y = (id: string) => layout.services[id].y;
    expect(y("web")).toBeLessThan(y("api"));
    expect(y("api")).toBeLessThan(y("db"));
    expect(y("cache")).toBe(y("db"));
    expectNoOverlaps(layout, s);
  });

  it("packs services without dependencies in a grid instead of one long row", () => {
    const ids = Array.from({ length: 20 }, (_, i) => `svc-${i}`);
    const layout = computeLayout(shape({ loose: ids }));
    expect(layout.stacks.loose.width).toBeLessThan(5 * (NODE.width + 24));
    expect(new Set(ids.map((id) => layout.services[id].y)).size).toBe(5);
  });

  it("places a stack that others depend on after them, and survives dependency cycles", () => {
    const s = shape({ data: ["pg"], front: ["web"], back: ["api"] }, [
      "web->api",
      "api->pg",
      "pg->web", // a cycle across stacks must not hang or crash the layout
    ]);
    const layout = computeLayout(s);
    expectNoOverlaps(layout, s);
    const noCycle = computeLayout(
      shape({ data: ["pg"], front: ["web"], back: ["api"] }, ["web->api", "api->pg"]),
    );
    const order = (l: MapLayout) =>
      Object.entries(l.stacks)
        .sort(([, a], [, b]) => a.y - b.y || a.x - b.x)
        .map(([id]) => id);
    expect(order(noCycle)).toEqual(["front", "back", "data"]);
  });

  it("lays out 500 services in 20 stacks without overlaps, in a landscape canvas", () => {
    const stacks: Record<string, string[]> = {};
    const edges: string[] = [];
    for (let k = 0; k < 20; k++) {
      stacks[`stack-${k}`] = Array.from({ length: 25 }, (_, i) => `s${k}-${i}`);
      for (let i = 0; i < 20; i++) edges.push(`s${k}-${i}->s${k}-${i + 5}`);
      if (k > 0) edges.push(`s${k}-0->s${k - 1}-24`);
    }
    const s = shape(stacks, edges);
    const layout = computeLayout(s);
    expectNoOverlaps(layout, s);
    const right = Math.max(...Object.values(layout.stacks).map((b) => b.x + b.width));
    const bottom = Math.max(...Object.values(layout.stacks).map((b) => b.y + b.height));
    expect(right / bottom).toBeGreaterThan(0.8);
    expect(right / bottom).toBeLessThan(4);
  });
});

describe("layoutFor", () => {
  it("reuses the layout while the catalog's shape is unchanged and recomputes when an edge changes", () => {
    const a = layoutFor(shape({ app: ["web", "api"] }, ["web->api"]));
    expect(layoutFor(shape({ app: ["web", "api"] }, ["web->api"]))).toBe(a);
    const b = layoutFor(shape({ app: ["web", "api"] }, ["api->web"]));
    expect(b).not.toBe(a);
    expect(b.services.api.y).toBeLessThan(b.services.web.y);
  });
});
