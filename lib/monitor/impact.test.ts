import { describe, expect, it } from "vitest";
import type { Catalog } from "@/lib/catalog/types";
import { propagateImpact } from "./derive";
import type { HealthState, ServiceHealth } from "./types";

/** Builds a catalog from "from->to" edges and a health map from id:state pairs. */
function setup(edges: string[], states: Record<string, HealthState>) {
  const catalog: Catalog = {
    stacks: [{ id: "s", name: "S" }],
    services: Object.keys(states).map((id) => ({
      id,
      name: id[0].toUpperCase() + id.slice(1),
      stackId: "s",
      kind: "external" as const,
      tags: [],
      checks: [],
      containers: [],
      actions: [],
      origin: "config" as const,
    })),
    edges: edges.map((e) => {
      const [from, to] = e.split("->");
      return { from, to, source: "config" as const };
    }),
    settings: {} as Catalog["settings"],
  };
  const own = new Map<string, ServiceHealth>(
    Object.entries(states).map(([id, status]) => [
      id,
      { serviceId: id, status, reason: `${id} is ${status}`, since: "t0" },
    ]),
  );
  return propagateImpact(catalog, own);
}

describe("propagateImpact", () => {
  it("marks every service above a down dependency in a chain, keeping its own state", () => {
    const r = setup(["web->api", "api->db"], { web: "up", api: "degraded", db: "down" });
    expect(r.get("db")!.impactedBy).toBeUndefined();
    expect(r.get("api")).toMatchObject({ status: "degraded", reason: "api is degraded" });
    expect(r.get("api")!.impactedBy).toEqual({
      rootCauses: ["db"],
      via: ["api", "db"],
      reason: "impacted by Db (down: db is down)",
    });
    expect(r.get("web")!.impactedBy).toMatchObject({ rootCauses: ["db"], via: ["web", "api", "db"] });
    expect(r.get("web")!.status).toBe("up");
  });

  it("names the deepest down service as root cause, not a down service in the middle", () => {
    const r = setup(["web->api", "api->db"], { web: "down", api: "down", db: "down" });
    expect(r.get("db")!.impactedBy).toBeUndefined();
    expect(r.get("api")!.impactedBy!.rootCauses).toEqual(["db"]);
    expect(r.get("web")!.impactedBy!.rootCauses).toEqual(["db"]);
    expect(r.get("web")!.status).toBe("down");
  });

  it("finds a down service below an up one (transitive through healthy services)", () => {
    const r = setup(["db->disk", "disk->storage"], { db: "down", disk: "up", storage: "down" });
    expect(r.get("db")!.impactedBy).toMatchObject({
      rootCauses: ["storage"],
      via: ["db", "disk", "storage"],
    });
    expect(r.get("storage")!.impactedBy).toBeUndefined();
  });

  it("reports a diamond's shared root cause once and both roots when two branches fail", () => {
    const diamond = ["web->left", "web->right", "left->db", "right->db"];
    const one = setup(diamond, { web: "up", left: "up", right: "up", db: "down" });
    expect(one.get("web")!.impactedBy!.rootCauses).toEqual(["db"]);
    expect(one.get("web")!.impactedBy!.via).toHaveLength(3);

    const two = setup(["web->left", "web->right"], { web: "up", left: "down", right: "down" });
    expect(two.get("web")!.impactedBy!.rootCauses.sort()).toEqual(["left", "right"]);
    expect(two.get("web")!.impactedBy!.reason).toMatch(
      /^impacted by (Left|Right) \(down: .*\), (Left|Right) \(down: .*\)$/,
    );
  });

  it("terminates on cycles and treats a ring of down services as its own root causes", () => {
    const ring = setup(["a->b", "b->c", "c->a", "top->a"], { a: "down", b: "down", c: "down", top: "up" });
    for (const id of ["a", "b", "c"]) expect(ring.get(id)!.impactedBy).toBeUndefined();
    expect(ring.get("top")!.impactedBy!.rootCauses.sort()).toEqual(["a", "b", "c"]);

    const healthyRing = setup(["a->b", "b->a"], { a: "up", b: "up" });
    expect(healthyRing.get("a")!.impactedBy).toBeUndefined();
  });

  it("looks past a down cycle to a down service below it", () => {
    const r = setup(["a->b", "b->a", "b->db"], { a: "down", b: "down", db: "down" });
    expect(r.get("a")!.impactedBy).toMatchObject({ rootCauses: ["db"], via: ["a", "b", "db"] });
    expect(r.get("b")!.impactedBy!.rootCauses).toEqual(["db"]);
  });

  it("does not treat degraded, unknown or maintenance dependencies as causes", () => {
    const r = setup(["web->a", "web->b", "web->c"], {
      web: "up",
      a: "degraded",
      b: "unknown",
      c: "maintenance",
    });
    expect(r.get("web")!.impactedBy).toBeUndefined();
  });

  it("clears a stale impact when the dependency recovers", () => {
    const catalog = {
      stacks: [],
      services: [],
      edges: [{ from: "web", to: "db", source: "config" as const }],
      settings: {} as Catalog["settings"],
    };
    const stale: ServiceHealth = {
      serviceId: "web",
      status: "up",
      reason: "",
      since: "",
      impactedBy: { rootCauses: ["db"], via: [], reason: "x" },
    };
    const db: ServiceHealth = { serviceId: "db", status: "up", reason: "", since: "" };
    const r = propagateImpact(
      catalog,
      new Map([
        ["web", stale],
        ["db", db],
      ]),
    );
    expect(r.get("web")!.impactedBy).toBeUndefined();
  });
});
