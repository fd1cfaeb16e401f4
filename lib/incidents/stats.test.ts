import { describe, expect, it } from "vitest";
import { incidentStats, type IncidentRow } from "./service";

const T0 = Date.parse("2026-12-01T00:00:00.000Z");
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

function incident(severity: string, ackMin: number | null, resolveMin: number | null): IncidentRow {
  return {
    id: `${severity}-${ackMin}-${resolveMin}`,
    number: 1,
    title: "x",
    severity,
    status: resolveMin === null ? "investigating" : "resolved",
    services: [],
    commander: "a",
    scribe: null,
    responders: [],
    summary: null,
    declaredBy: "a",
    declaredAt: at(0),
    acknowledgedAt: ackMin === null ? null : at(ackMin),
    identifiedAt: null,
    mitigatedAt: null,
    resolvedAt: resolveMin === null ? null : at(resolveMin),
    lastUpdateAt: null,
  };
}

describe("incident statistics", () => {
  it("counts by severity and averages the time to acknowledge and resolve of those that were", () => {
    const stats = incidentStats([
      incident("P1", 2, 60),
      incident("P1", 4, 120),
      incident("P1", 6, null),
      incident("P3", null, null),
    ]);
    expect(stats).toMatchObject({
      total: 4,
      open: 2,
      bySeverity: { P1: 3, P3: 1 },
      medianResolveMs: 90 * 60_000,
    });
    expect(stats.perSeverity).toEqual([
      { severity: "P1", count: 3, meanAcknowledgeMs: 4 * 60_000, meanResolveMs: 90 * 60_000 },
      { severity: "P3", count: 1, meanAcknowledgeMs: null, meanResolveMs: null },
    ]);
  });

  it("says nothing of times when there are none", () => {
    expect(incidentStats([])).toEqual({
      total: 0,
      open: 0,
      bySeverity: {},
      perSeverity: [],
      medianResolveMs: null,
    });
  });
});
