import { describe, expect, it } from "vitest";
import { describeTrigger, evaluate, matchingServices, type WatchedService } from "./conditions";

const services = new Map<string, WatchedService>([
  [
    "worker",
    {
      id: "worker",
      status: "degraded",
      reason: "queue backing up",
      checks: [
        {
          id: "queue",
          status: "degraded",
          reason: "depth 1520 > 1000",
          metrics: { depth: 1520 },
          latencyMs: 3,
        },
        { id: "http", status: "up", reason: "", latencyMs: 42 },
      ],
    },
  ],
  ["db", { id: "db", status: "up", reason: "", checks: [] }],
]);

describe("playbook conditions against the live map", () => {
  it("reads a service's state, a check's state and a metric, saying what it sees", () => {
    expect(evaluate({ service: "worker", state: "degraded" }, services)).toEqual({
      holds: true,
      observed: "degraded: queue backing up",
    });
    expect(evaluate({ service: "worker", check: "http", state: "down" }, services).holds).toBe(false);
    expect(evaluate({ service: "worker", check: "queue", metric: "depth", above: 1000 }, services)).toEqual({
      holds: true,
      observed: "depth = 1,520",
      value: 1520,
    });
    expect(
      evaluate({ service: "worker", check: "queue", metric: "depth", below: 1000 }, services).holds,
    ).toBe(false);
  });

  it("takes response time from the check's latency when no latency metric was recorded", () => {
    const v = evaluate({ service: "worker", check: "http", metric: "latency_ms", above: 40 }, services);
    expect(v).toMatchObject({ holds: true, value: 42 });
  });

  it("never holds on what it cannot see, and says why", () => {
    expect(evaluate({ service: "gone", state: "down" }, services)).toEqual({
      holds: false,
      observed: "service gone is not on the map",
    });
    expect(evaluate({ service: "worker", check: "http", metric: "depth", above: 1 }, services)).toEqual({
      holds: false,
      observed: "no depth value yet (check is up)",
    });
  });

  it("suggests a playbook for each service one of its triggers matches, manual triggers never", () => {
    const playbook = {
      triggers: [
        { manual: true as const },
        { service: "db", state: "down" as const },
        { service: "worker", check: "queue", metric: "depth", above: 1000 },
        { service: "worker", state: "degraded" as const },
      ],
    };
    expect(matchingServices(playbook, services)).toEqual([
      { service: "worker", trigger: "when depth of worker/queue above 1000", observed: "depth = 1,520" },
    ]);
    expect(describeTrigger({ manual: true })).toBe("started by hand");
  });
});
