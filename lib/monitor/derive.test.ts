import { describe, expect, it } from "vitest";
import type { CheckConfig } from "@/lib/catalog/schemas";
import type { CatalogService } from "@/lib/catalog/types";
import type { ProbeResult } from "@/lib/probes/types";
import { applyResult, deriveServiceHealth, deriveStackHealth } from "./derive";
import type { CheckState, ServiceHealth } from "./types";

const t = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s));
const up: ProbeResult = { status: "up", message: "HTTP 200", latencyMs: 5 };
const down: ProbeResult = { status: "down", message: "HTTP 500 (expected status == 200)", latencyMs: 7 };
const slow: ProbeResult = { status: "degraded", message: "latency 900ms (expected < 500ms)", latencyMs: 900 };

function run(results: ProbeResult[], failuresBeforeDown = 2): CheckState[] {
  const states: CheckState[] = [];
  let prev: CheckState | undefined;
  results.forEach((r, i) => {
    prev = applyResult(prev, r, { failuresBeforeDown, now: t(i) });
    states.push(prev);
  });
  return states;
}

describe("applyResult", () => {
  it("keeps an up check up on the first failure and says it is failing", () => {
    const [, s] = run([up, down]);
    expect(s).toMatchObject({
      status: "up",
      pendingFailures: 1,
      consecutiveFailures: 1,
      since: t(0).toISOString(),
    });
    expect(s.reason).toBe("failing 1/2: HTTP 500 (expected status == 200)");
    expect(s.lastResult).toBe(down);
    expect(s.lastRunAt).toBe(t(1).toISOString());
  });

  it("goes down after N consecutive failures, with since at the moment it went down", () => {
    const states = run([up, down, down, down], 3);
    expect(states.map((s) => s.status)).toEqual(["up", "up", "up", "down"]);
    expect(states[2].reason).toBe("failing 2/3: HTTP 500 (expected status == 200)");
    expect(states[3]).toMatchObject({
      reason: down.message,
      since: t(3).toISOString(),
      pendingFailures: 0,
      consecutiveFailures: 3,
    });
  });

  it("resets the failure count when a success interrupts the run, so flapping never goes down", () => {
    const states = run([up, down, up, down, up, down]);
    expect(states.every((s) => s.status === "up")).toBe(true);
    expect(states[5].consecutiveFailures).toBe(1);
  });

  it("recovers on the first success", () => {
    const states = run([up, down, down, down, up]);
    expect(states[3].status).toBe("down");
    expect(states[3].since).toBe(t(2).toISOString());
    expect(states[4]).toMatchObject({
      status: "up",
      reason: "HTTP 200",
      since: t(4).toISOString(),
      consecutiveFailures: 0,
    });
  });

  it("stays down with the same since while failures continue", () => {
    const states = run([down, down, down]);
    expect(states.map((s) => s.since)).toEqual([t(0), t(0), t(0)].map((d) => d.toISOString()));
    expect(states[2].consecutiveFailures).toBe(3);
  });

  it("reports down at once when nothing was known before", () => {
    const [s] = run([down], 3);
    expect(s).toMatchObject({ status: "down", reason: down.message, since: t(0).toISOString() });
  });

  it("reports degraded at once, and damps a failure out of degraded", () => {
    const states = run([up, slow, down, down]);
    expect(states.map((s) => s.status)).toEqual(["up", "degraded", "degraded", "down"]);
    expect(states[1].since).toBe(t(1).toISOString());
    expect(states[2].reason).toMatch(/^failing 1\/2: /);
  });

  it("goes down on the first failure when failuresBeforeDown is 1 (or nonsense)", () => {
    expect(run([up, down], 1)[1].status).toBe("down");
    expect(run([up, down], 0)[1].status).toBe("down");
  });

  it("reports unknown results at once and does not count them as failures", () => {
    const unknown: ProbeResult = { status: "unknown", message: "no running container", latencyMs: 0 };
    const states = run([up, down, unknown]);
    expect(states[2]).toMatchObject({
      status: "unknown",
      consecutiveFailures: 0,
      reason: "no running container",
    });
  });
});

function service(checkIds: string[], id = "api"): CatalogService {
  const checks = checkIds.map((cid) => ({ id: cid, kind: "tcp", host: "h", port: 1 }) as CheckConfig);
  return {
    id,
    name: id.toUpperCase(),
    stackId: "shop",
    kind: "external",
    tags: [],
    checks,
    actions: [],
    containers: [],
    origin: "config",
  };
}

function state(status: CheckState["status"], reason: string, since: number): CheckState {
  return {
    status,
    reason,
    since: t(since).toISOString(),
    lastResult: up,
    lastRunAt: t(since).toISOString(),
    consecutiveFailures: 0,
    pendingFailures: 0,
  };
}

describe("deriveServiceHealth", () => {
  const now = t(100);

  it("takes the worst check and names it in the reason", () => {
    const states = new Map([
      ["health", state("down", "HTTP 500", 10)],
      ["latency", state("degraded", "slow", 5)],
      ["tcp", state("up", "open", 1)],
    ]);
    const h = deriveServiceHealth(service(["health", "latency", "tcp"]), states, { now });
    expect(h).toEqual({
      serviceId: "api",
      status: "down",
      reason: "check `health`: HTTP 500",
      since: t(10).toISOString(),
    });
  });

  it("orders down > degraded > unknown > up", () => {
    const svc = service(["a", "b"]);
    const pair = (a: CheckState["status"], b: CheckState["status"]) =>
      deriveServiceHealth(
        svc,
        new Map([
          ["a", state(a, a, 1)],
          ["b", state(b, b, 2)],
        ]),
        { now },
      ).status;
    expect(pair("up", "unknown")).toBe("unknown");
    expect(pair("unknown", "degraded")).toBe("degraded");
    expect(pair("degraded", "down")).toBe("down");
    expect(pair("up", "up")).toBe("up");
  });

  it("names every check in the worst state", () => {
    const states = new Map([
      ["a", state("down", "refused", 3)],
      ["b", state("down", "timeout", 7)],
    ]);
    const h = deriveServiceHealth(service(["a", "b"]), states, { now });
    expect(h.reason).toBe("check `a`: refused; check `b`: timeout");
    expect(h.since).toBe(t(3).toISOString());
  });

  it("counts a declared check that has not run as unknown", () => {
    const h = deriveServiceHealth(service(["a", "b"]), new Map([["a", state("up", "ok", 1)]]), { now });
    expect(h).toMatchObject({ status: "unknown", reason: "check `b`: not run yet" });
  });

  it("is unknown with a reason when no checks are declared", () => {
    expect(deriveServiceHealth(service([]), new Map(), { now })).toMatchObject({
      status: "unknown",
      reason: "no checks declared",
    });
  });

  it("lets maintenance override failing checks", () => {
    const h = deriveServiceHealth(service(["a"]), new Map([["a", state("down", "x", 1)]]), {
      now,
      maintenance: { reason: "database upgrade until 14:00" },
    });
    expect(h).toMatchObject({
      status: "maintenance",
      reason: "database upgrade until 14:00",
      since: now.toISOString(),
    });
  });

  it("keeps since from the previous health while the status holds, and moves it on a change", () => {
    const prev: ServiceHealth = {
      serviceId: "api",
      status: "down",
      reason: "check `a`: x",
      since: t(1).toISOString(),
    };
    const svc = service(["a", "b"]);
    const stillDown = deriveServiceHealth(
      svc,
      new Map([
        ["a", state("up", "ok", 50)],
        ["b", state("down", "y", 40)],
      ]),
      { now, prev },
    );
    expect(stillDown.since).toBe(t(1).toISOString());
    const recovered = deriveServiceHealth(
      svc,
      new Map([
        ["a", state("up", "ok", 50)],
        ["b", state("up", "ok", 60)],
      ]),
      { now, prev },
    );
    expect(recovered).toMatchObject({ status: "up", since: t(60).toISOString(), reason: "all 2 checks up" });
  });
});

describe("deriveStackHealth", () => {
  const stack = { id: "shop", name: "Shop" };
  const h = (serviceId: string, status: ServiceHealth["status"]): ServiceHealth => ({
    serviceId,
    status,
    reason: "",
    since: "",
  });

  it("reports the worst state with counts by state", () => {
    const s = deriveStackHealth(stack, [
      h("web", "up"),
      h("api", "degraded"),
      h("db", "down"),
      h("cache", "down"),
      h("q", "maintenance"),
    ]);
    expect(s.status).toBe("down");
    expect(s.total).toBe(5);
    expect(s.counts).toEqual({ up: 1, degraded: 1, down: 2, unknown: 0, maintenance: 1 });
    expect(s.reason).toBe("2 of 5 services down: db, cache");
  });

  it("does not let a service in maintenance drag the stack down, unless all are", () => {
    expect(deriveStackHealth(stack, [h("a", "up"), h("b", "maintenance")]).status).toBe("up");
    expect(deriveStackHealth(stack, [h("a", "maintenance")])).toMatchObject({
      status: "maintenance",
      reason: "all 1 services in maintenance",
    });
  });

  it("is unknown when empty and up when all services are up", () => {
    expect(deriveStackHealth(stack, [])).toMatchObject({
      status: "unknown",
      reason: "no services",
      total: 0,
    });
    expect(deriveStackHealth(stack, [h("a", "up"), h("b", "up")])).toMatchObject({
      status: "up",
      reason: "all 2 services up",
    });
  });
});

describe("applyResult with definitive evidence", () => {
  it("reports a stopped container down at once, without waiting for more failures", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const up = applyResult(
      undefined,
      { status: "up", message: "running", latencyMs: 0, definitive: true },
      { failuresBeforeDown: 3, now },
    );
    const down = applyResult(
      up,
      { status: "down", message: "container exited", latencyMs: 0, definitive: true },
      { failuresBeforeDown: 3, now },
    );
    expect(down.status).toBe("down");
    expect(down.pendingFailures).toBe(0);
    const blip = applyResult(
      up,
      { status: "down", message: "HTTP 500", latencyMs: 3 },
      { failuresBeforeDown: 3, now },
    );
    expect(blip.status).toBe("up");
  });
});
