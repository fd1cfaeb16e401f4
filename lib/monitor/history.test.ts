import { describe, expect, it } from "vitest";
import {
  fuller,
  rebucket,
  timelineSegments,
  toMetricSeries,
  toSeries,
  uptimeOf,
  type BucketCounts,
} from "./history";

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);

const row = (start: number, total: number, down = 0, latency = 10, checkId = "http"): BucketCounts => ({
  checkId,
  start,
  total,
  up: total - down,
  degraded: 0,
  down,
  latencySum: latency * total,
  latencyMax: latency,
  maintenance: 0,
});

describe("history buckets", () => {
  it("rebucket sums minutes into larger buckets per check", () => {
    const out = rebucket(
      [row(T0, 2), row(T0 + MIN, 3, 1, 30), row(T0 + HOUR, 1), row(T0, 4, 0, 10, "tcp")],
      HOUR,
    );
    expect(out.find((r) => r.checkId === "http" && r.start === T0)).toMatchObject({
      total: 5,
      down: 1,
      latencySum: 110,
      latencyMax: 30,
    });
    expect(out).toHaveLength(3);
  });

  it("fuller keeps, per bucket, the source that saw more samples (a lagging roll-up loses to raw)", () => {
    // Minute roll-ups stop at 12:01 (housekeeping lags); raw samples cover 12:01 and 12:02 fully.
    const rollups = [row(T0, 30), row(T0 + MIN, 10)];
    const raw = [row(T0 + MIN, 30, 3), row(T0 + 2 * MIN, 30)];
    const merged = fuller(rollups, raw, MIN).sort((a, b) => a.start - b.start);
    expect(merged.map((r) => [r.start - T0, r.total, r.down])).toEqual([
      [0, 30, 0],
      [MIN, 30, 3],
      [2 * MIN, 30, 0],
    ]);
  });

  it("fuller compares at the coarser granularity: an hour roll-up against summed minutes", () => {
    const hourRollup = [row(T0, 100)];
    const minutes = [row(T0, 60), row(T0 + 30 * MIN, 60)];
    expect(fuller(hourRollup, minutes, HOUR)).toMatchObject([{ start: T0, total: 120 }]);
  });

  it("toSeries aligns every bucket of the range, with nulls where nothing was recorded", () => {
    const { starts, checks } = toSeries([row(T0 + MIN, 4, 1, 20)], ["http", "tcp"], T0, T0 + 3 * MIN, MIN);
    expect(starts).toEqual([T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]);
    const http = checks.find((c) => c.checkId === "http")!;
    expect(http.avgLatency).toEqual([null, 20, null, null]);
    expect(http.uptime).toEqual([null, 75, null, null]);
    expect(http.total).toBe(4);
    // A check with no samples yet still gets an (empty) series so the page can say "no history yet".
    expect(checks.find((c) => c.checkId === "tcp")!.avgLatency.every((v) => v === null)).toBe(true);
  });

  it("toSeries leaves samples taken under maintenance out of uptime, and marks the share they had", () => {
    // Minute 0: 10 samples, 6 under maintenance (all down underneath), 4 outside (1 down).
    // Minute 1: every sample under maintenance. Minute 2: none.
    const partly: BucketCounts = { ...row(T0, 10), up: 3, down: 1, maintenance: 6 };
    const whole: BucketCounts = { ...row(T0 + MIN, 5), up: 0, down: 0, maintenance: 5 };
    const { checks } = toSeries([partly, whole], ["http"], T0, T0 + 2 * MIN, MIN);
    expect(checks[0].uptime).toEqual([75, null, null]);
    expect(checks[0].maintenance).toEqual([60, 100, null]);
    // Latency still counts every sample: the window hides failures, not what was measured.
    expect(checks[0].avgLatency).toEqual([10, 10, null]);
    // Rebucketed into one bucket the shares add up: 11 of 15 under maintenance, 3 of 4 others up.
    const hour = toSeries([partly, whole], ["http"], T0, T0, HOUR).checks[0];
    expect(hour.uptime).toEqual([75]);
    expect(hour.maintenance).toEqual([73.3]);
  });

  it("toMetricSeries aligns metric averages and maxima to the buckets", () => {
    const series = toMetricSeries(
      [
        { checkId: "queue", name: "depth", start: T0 + MIN + 5000, avg: 12, max: 20 },
        { checkId: "queue", name: "depth", start: T0 - HOUR, avg: 1, max: 1 },
      ],
      [T0, T0 + MIN],
      MIN,
    );
    expect(series).toEqual([{ checkId: "queue", name: "depth", avg: [null, 12], max: [null, 20] }]);
  });
});

describe("state timeline and uptime", () => {
  it("starts from the state before the range and cuts segments at each change", () => {
    const segs = timelineSegments(
      { toState: "up", reason: "ok", at: T0 - HOUR },
      [
        { toState: "up", reason: "ok again", at: T0 + 40 * MIN },
        { toState: "down", reason: "HTTP 500", at: T0 + 30 * MIN },
        { toState: "down", reason: "HTTP 502", at: T0 + 35 * MIN },
      ],
      T0,
      T0 + HOUR,
    );
    expect(segs.map((s) => [s.state, (s.from - T0) / MIN, (s.to - T0) / MIN])).toEqual([
      ["up", 0, 30],
      ["down", 30, 40],
      ["up", 40, 60],
    ]);
    const uptime = uptimeOf(segs, T0, T0 + HOUR);
    expect(uptime.percent).toBeCloseTo((50 / 60) * 100, 2);
    expect(uptime.msByState.down).toBe(10 * MIN);
  });

  it("marks time before the first recorded state as no data and leaves it out of uptime", () => {
    const segs = timelineSegments(null, [{ toState: "up", reason: "ok", at: T0 + 45 * MIN }], T0, T0 + HOUR);
    expect(segs.map((s) => s.state)).toEqual(["nodata", "up"]);
    expect(uptimeOf(segs, T0, T0 + HOUR).percent).toBe(100);
    expect(uptimeOf(timelineSegments(null, [], T0, T0 + HOUR), T0, T0 + HOUR).percent).toBeNull();
  });

  it("counts degraded time as available and unknown time as neither", () => {
    const segs = timelineSegments(
      { toState: "degraded", reason: "slow", at: T0 - 1 },
      [
        { toState: "unknown", reason: "Docker unreachable", at: T0 + 20 * MIN },
        { toState: "down", reason: "dead", at: T0 + 40 * MIN },
      ],
      T0,
      T0 + HOUR,
    );
    expect(uptimeOf(segs, T0, T0 + HOUR).percent).toBe(50);
  });
});
