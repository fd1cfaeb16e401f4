import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fuller, timelineSegments, toMetricSeries, toSeries, uptimeOf } from "@/lib/monitor/history";
import {
  metricBuckets,
  rawMinutes,
  recentChanges,
  rollups,
  serviceStateChanges,
} from "@/lib/monitor/history-sql";
import { rollUp } from "@/lib/monitor/rollup";
import { scratchPglite, scratchPostgres, type ScratchDb } from "../support/scratch-db";

const NOW = Date.parse("2026-11-23T12:34:30Z");
const MIN = 60_000;
const at = (msAgo: number) => new Date(NOW - msAgo);

async function seed(db: ScratchDb["db"]) {
  // Samples every 10 s for the last 30 minutes; one minute (12:20) entirely down and slow.
  const samples = [];
  for (let s = 10; s <= 30 * 60; s += 10) {
    const when = at(s * 1000);
    const down = when.getUTCHours() === 12 && when.getUTCMinutes() === 20;
    samples.push({
      serviceId: "svc",
      checkId: "queue",
      at: when,
      status: down ? "down" : "up",
      latencyMs: down ? 900 : 20,
      message: "",
      metrics: { depth: down ? 95 : 10 },
    });
  }
  samples.push({
    serviceId: "other",
    checkId: "queue",
    at: at(MIN),
    status: "down",
    latencyMs: 1,
    message: "",
    metrics: { depth: 1 },
  });
  await db.checkSample.createMany({ data: samples });
  await db.stateChange.createMany({
    data: [
      {
        scope: "service",
        entityId: "svc",
        serviceId: "svc",
        fromState: null,
        toState: "up",
        reason: "ok",
        at: at(3 * 3_600_000),
      },
      {
        scope: "service",
        entityId: "svc",
        serviceId: "svc",
        fromState: "up",
        toState: "down",
        reason: "depth 95",
        at: new Date("2026-11-23T12:20:00Z"),
      },
      {
        scope: "check",
        entityId: "svc/queue",
        serviceId: "svc",
        fromState: "up",
        toState: "down",
        reason: "depth 95",
        at: new Date("2026-11-23T12:20:00Z"),
      },
      {
        scope: "service",
        entityId: "svc",
        serviceId: "svc",
        fromState: "down",
        toState: "up",
        reason: "ok",
        at: new Date("2026-11-23T12:21:00Z"),
      },
    ],
  });
}

describe.each([
  ["Postgres", () => scratchPostgres("opsdeck_history")],
  ["PGlite", () => scratchPglite()],
])("service history reads on %s", (_name, make) => {
  let s: ScratchDb;
  beforeAll(async () => {
    s = await make();
    await seed(s.db);
  });
  afterAll(async () => s?.drop());

  it("groups raw samples by UTC minute, only for the service asked", async () => {
    const rows = await rawMinutes(s.db, "svc", at(3_600_000));
    const down = rows.find((r) => new Date(r.start).toISOString() === "2026-11-23T12:20:00.000Z");
    expect(down).toMatchObject({ checkId: "queue", total: 6, down: 6, latencySum: 5400, latencyMax: 900 });
    expect(rows.reduce((n, r) => n + r.total, 0)).toBe(180);
  });

  it("a fresh service (no roll-up yet) gets a full 1 h chart from raw samples; roll-ups agree once written", async () => {
    const from = NOW - 3_600_000;
    const before = fuller(
      await rollups(s.db, "svc", "minute", new Date(from)),
      await rawMinutes(s.db, "svc", new Date(from)),
      MIN,
    );
    const series = toSeries(before, ["queue"], from, NOW, MIN);
    expect(series.starts).toHaveLength(61);
    const queue = series.checks[0];
    expect(queue.total).toBe(180);
    expect(queue.uptime.filter((u) => u === 0)).toHaveLength(1);
    await rollUp(s.db, new Date(NOW));
    const minutes = await rollups(s.db, "svc", "minute", new Date(from));
    expect(minutes.length).toBeGreaterThan(0);
    const after = toSeries(
      fuller(minutes, await rawMinutes(s.db, "svc", new Date(from)), MIN),
      ["queue"],
      from,
      NOW,
      MIN,
    );
    expect(after.checks[0]).toEqual(queue);
  });

  it("averages metrics per bucket from the samples' JSON", async () => {
    const from = NOW - 3_600_000;
    const rows = await metricBuckets(s.db, "svc", new Date(from), 15 * MIN);
    const starts = toSeries([], [], from, NOW, 15 * MIN).starts;
    const [depth] = toMetricSeries(rows, starts, 15 * MIN);
    expect(depth).toMatchObject({ checkId: "queue", name: "depth" });
    const idx = starts.indexOf(Date.parse("2026-11-23T12:15:00Z"));
    expect(depth.max[idx]).toBe(95);
    expect(depth.avg[idx]).toBeCloseTo((6 * 95 + 84 * 10) / 90, 5);
  });

  it("reads the state before a range and the changes inside it for the timeline and uptime", async () => {
    const from = NOW - 3_600_000;
    const { before, inside } = await serviceStateChanges(s.db, "svc", new Date(from));
    expect(before).toMatchObject({ toState: "up" });
    expect(inside.map((c) => c.toState)).toEqual(["up", "down"]);
    const segments = timelineSegments(before, inside, from, NOW);
    expect(segments.map((seg) => seg.state)).toEqual(["up", "down", "up"]);
    expect(uptimeOf(segments, from, NOW).percent).toBeCloseTo((59 / 60) * 100, 3);
    const recent = await recentChanges(s.db, "svc", 10);
    expect(recent.map((r) => r.scope)).toContain("check");
  });
});
