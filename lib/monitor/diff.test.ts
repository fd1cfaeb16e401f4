import { describe, expect, it } from "vitest";
import { diffHealth } from "./derive";
import type { CheckState, HealthSnapshot, HealthState, ServiceHealth, StackHealth } from "./types";

const NOW = new Date("2025-01-01T00:10:00.000Z");

function check(status: CheckState["status"], reason: string = status, since = "t1"): CheckState {
  const lastResult = { status, message: reason, latencyMs: 1 };
  return { status, reason, since, lastResult, lastRunAt: since, consecutiveFailures: 0, pendingFailures: 0 };
}
const svc = (status: HealthState, extra: Partial<ServiceHealth> = {}): ServiceHealth => ({
  serviceId: "api",
  status,
  reason: `api ${status}`,
  since: "t2",
  ...extra,
});
const stack = (status: HealthState): StackHealth => ({
  stackId: "shop",
  status,
  reason: `shop ${status}`,
  counts: { up: 0, degraded: 0, down: 0, unknown: 0, maintenance: 0 },
  total: 1,
});

function snap(c: CheckState, s: ServiceHealth, st: StackHealth): HealthSnapshot {
  return {
    checks: new Map([["api", new Map([["health", c]])]]),
    services: new Map([["api", s]]),
    stacks: new Map([["shop", st]]),
  };
}

describe("diffHealth", () => {
  it("reports everything as new against no previous snapshot", () => {
    const changes = diffHealth(undefined, snap(check("up"), svc("up"), stack("up")), NOW);
    expect(changes).toEqual([
      { type: "check", id: "health", serviceId: "api", from: null, to: "up", reason: "up", at: "t1" },
      { type: "service", id: "api", from: null, to: "up", reason: "api up", at: "t2" },
      { type: "stack", id: "shop", from: null, to: "up", reason: "shop up", at: NOW.toISOString() },
    ]);
  });

  it("reports nothing when statuses hold, even if reasons change", () => {
    const a = snap(check("up", "HTTP 200"), svc("up"), stack("up"));
    const b = snap(check("up", "failing 1/2: HTTP 500"), svc("up", { reason: "other" }), stack("up"));
    expect(diffHealth(a, b, NOW)).toEqual([]);
  });

  it("reports each level that changed, with from and to", () => {
    const a = snap(check("up"), svc("up"), stack("up"));
    const b = snap(check("down", "HTTP 500", "t9"), svc("down", { since: "t9" }), stack("down"));
    const changes = diffHealth(a, b, NOW);
    expect(changes.map((c) => [c.type, c.from, c.to, c.at])).toEqual([
      ["check", "up", "down", "t9"],
      ["service", "up", "down", "t9"],
      ["stack", "up", "down", NOW.toISOString()],
    ]);
    expect(changes[0].reason).toBe("HTTP 500");
  });

  it("reports a service whose root causes changed even when its own status held", () => {
    const impact = { rootCauses: ["db"], via: ["api", "db"], reason: "impacted by DB (down: refused)" };
    const a = snap(check("up"), svc("up"), stack("up"));
    const b = snap(check("up"), svc("up", { impactedBy: impact }), stack("up"));
    expect(diffHealth(a, b, NOW)).toEqual([
      {
        type: "service",
        id: "api",
        from: "up",
        to: "up",
        reason: "api up",
        at: NOW.toISOString(),
        impactedBy: impact,
      },
    ]);
    // Same causes again: nothing new; causes gone: the clearing is news.
    expect(diffHealth(b, b, NOW)).toEqual([]);
    expect(diffHealth(b, a, NOW)).toHaveLength(1);
  });

  it("ignores items that disappeared", () => {
    const a = snap(check("up"), svc("up"), stack("up"));
    expect(diffHealth(a, { checks: new Map(), services: new Map(), stacks: new Map() }, NOW)).toEqual([]);
  });
});
