/**
 * Pure shaping of check history for the service page: merging roll-ups with raw samples into
 * display buckets, the state timeline and uptime from state changes. Client-safe types; the
 * database reads are in queries.ts.
 */

import type { HealthState } from "@/lib/probes/types";

export const HISTORY_RANGES = {
  "1h": { spanMs: 3_600_000, bucketMs: 60_000 },
  "24h": { spanMs: 86_400_000, bucketMs: 15 * 60_000 },
  "7d": { spanMs: 7 * 86_400_000, bucketMs: 3_600_000 },
} as const;
export type HistoryRange = keyof typeof HISTORY_RANGES;

export function isHistoryRange(value: unknown): value is HistoryRange {
  return typeof value === "string" && Object.hasOwn(HISTORY_RANGES, value);
}

/** Sample counts of one check in one time bucket: a roll-up row or raw samples grouped by minute. */
export interface BucketCounts {
  checkId: string;
  /** Epoch ms. */
  start: number;
  /** Every sample, maintenance included. */
  total: number;
  /** up, degraded and down count only samples taken outside maintenance. */
  up: number;
  degraded: number;
  down: number;
  latencySum: number;
  latencyMax: number;
  /** Samples taken while a maintenance window covered the service. */
  maintenance: number;
}

/** Sums rows into buckets of `bucketMs` (aligned to the epoch, so minutes and hours line up). */
export function rebucket(rows: readonly BucketCounts[], bucketMs: number): BucketCounts[] {
  const out = new Map<string, BucketCounts>();
  for (const r of rows) {
    const start = Math.floor(r.start / bucketMs) * bucketMs;
    const key = `${r.checkId}\u0000${start}`;
    const acc = out.get(key);
    if (!acc) out.set(key, { ...r, start });
    else {
      acc.total += r.total;
      acc.up += r.up;
      acc.degraded += r.degraded;
      acc.down += r.down;
      acc.latencySum += r.latencySum;
      acc.latencyMax = Math.max(acc.latencyMax, r.latencyMax);
      acc.maintenance += r.maintenance;
    }
  }
  return [...out.values()];
}

/**
 * Every source counts the same samples, each possibly incomplete: roll-ups lag by up to a
 * minute (housekeeping), raw samples are pruned first. Per check and bucket of `bucketMs`, the
 * source that saw more samples is the more complete one, so it wins.
 */
export function fuller(
  a: readonly BucketCounts[],
  b: readonly BucketCounts[],
  bucketMs: number,
): BucketCounts[] {
  const out = new Map<string, BucketCounts>();
  for (const r of [...rebucket(a, bucketMs), ...rebucket(b, bucketMs)]) {
    const key = `${r.checkId}\u0000${r.start}`;
    const seen = out.get(key);
    if (!seen || r.total > seen.total) out.set(key, r);
  }
  return [...out.values()];
}

export interface CheckSeries {
  checkId: string;
  /** Mean latency per bucket in ms, aligned to `HistoryBuckets.starts`; null where no sample. */
  avgLatency: (number | null)[];
  maxLatency: (number | null)[];
  /**
   * Share of samples not down (up or degraded), in percent, out of those taken outside
   * maintenance; null where there is none.
   */
  uptime: (number | null)[];
  /** Share of the bucket's samples taken under maintenance, in percent; null where no sample. */
  maintenance: (number | null)[];
  total: number;
}

/**
 * The uptime of a bucket in percent: samples not down out of those taken outside maintenance,
 * null when every sample was under maintenance (or there was none).
 */
export function bucketUptime(
  c: Pick<BucketCounts, "total" | "up" | "degraded" | "maintenance">,
): number | null {
  const counted = c.total - c.maintenance;
  return counted > 0 ? round1(((c.up + c.degraded) / counted) * 100) : null;
}

/** Series aligned to the bucket starts from `from` to `to`, with nulls where nothing was recorded. */
export function toSeries(
  rows: readonly BucketCounts[],
  checkIds: readonly string[],
  from: number,
  to: number,
  bucketMs: number,
): { starts: number[]; checks: CheckSeries[] } {
  const first = Math.floor(from / bucketMs) * bucketMs;
  const starts: number[] = [];
  for (let t = first; t <= to; t += bucketMs) starts.push(t);
  const index = new Map(starts.map((t, i) => [t, i]));
  const ids = [...new Set([...checkIds, ...rows.map((r) => r.checkId)])];
  const checks = ids.map((checkId) => ({
    checkId,
    avgLatency: starts.map(() => null as number | null),
    maxLatency: starts.map(() => null as number | null),
    uptime: starts.map(() => null as number | null),
    maintenance: starts.map(() => null as number | null),
    total: 0,
  }));
  const byId = new Map(checks.map((c) => [c.checkId, c]));
  for (const r of rebucket(rows, bucketMs)) {
    const i = index.get(r.start);
    const series = byId.get(r.checkId);
    if (i === undefined || !series || r.total <= 0) continue;
    series.avgLatency[i] = Math.round(r.latencySum / r.total);
    series.maxLatency[i] = r.latencyMax;
    series.uptime[i] = bucketUptime(r);
    series.maintenance[i] = round1((r.maintenance / r.total) * 100);
    series.total += r.total;
  }
  return { starts, checks };
}

export interface StateChangeRow {
  toState: string;
  reason: string;
  /** Epoch ms. */
  at: number;
}

export interface StateSegment {
  state: HealthState | "nodata";
  reason: string;
  from: number;
  to: number;
}

/**
 * The service's states over [from, to]: `before` is the last change before `from` (the state at
 * the start), `changes` are those inside, in any order. Time before anything is known is "nodata".
 */
export function timelineSegments(
  before: StateChangeRow | null,
  changes: readonly StateChangeRow[],
  from: number,
  to: number,
): StateSegment[] {
  const sorted = changes.filter((c) => c.at >= from && c.at <= to).sort((a, b) => a.at - b.at);
  const segments: StateSegment[] = [];
  let current: { state: StateSegment["state"]; reason: string; since: number } = before
    ? { state: asState(before.toState), reason: before.reason, since: from }
    : { state: "nodata", reason: "no state recorded yet", since: from };
  for (const c of sorted) {
    if (c.at > current.since)
      segments.push({ state: current.state, reason: current.reason, from: current.since, to: c.at });
    current = { state: asState(c.toState), reason: c.reason, since: c.at };
  }
  if (to > current.since)
    segments.push({ state: current.state, reason: current.reason, from: current.since, to });
  // Merge neighbours in the same state (a reason change alone is not a new band).
  return segments.reduce<StateSegment[]>((out, s) => {
    const prev = out[out.length - 1];
    if (prev && prev.state === s.state && prev.to === s.from) prev.to = s.to;
    else out.push({ ...s });
    return out;
  }, []);
}

export interface Uptime {
  /** Time not down, out of the time up, degraded or down; null when none of that is known. */
  percent: number | null;
  msByState: Record<StateSegment["state"], number>;
}

export function uptimeOf(segments: readonly StateSegment[], from: number, to: number): Uptime {
  const msByState: Uptime["msByState"] = {
    up: 0,
    degraded: 0,
    down: 0,
    unknown: 0,
    maintenance: 0,
    nodata: 0,
  };
  for (const s of segments) {
    const ms = Math.min(s.to, to) - Math.max(s.from, from);
    if (ms > 0) msByState[s.state] += ms;
  }
  const known = msByState.up + msByState.degraded + msByState.down;
  return { percent: known > 0 ? round3(((known - msByState.down) / known) * 100) : null, msByState };
}

function asState(value: string): HealthState {
  return value === "up" || value === "degraded" || value === "down" || value === "maintenance"
    ? value
    : "unknown";
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Raw metric samples grouped per check, metric name and bucket. */
export interface MetricRow {
  checkId: string;
  name: string;
  start: number;
  avg: number;
  max: number;
}

export interface MetricSeries {
  checkId: string;
  name: string;
  avg: (number | null)[];
  max: (number | null)[];
}

export function toMetricSeries(
  rows: readonly MetricRow[],
  starts: readonly number[],
  bucketMs: number,
): MetricSeries[] {
  const index = new Map(starts.map((t, i) => [t, i]));
  const out = new Map<string, MetricSeries>();
  for (const r of rows) {
    const i = index.get(Math.floor(r.start / bucketMs) * bucketMs);
    if (i === undefined) continue;
    const key = `${r.checkId}\u0000${r.name}`;
    let series = out.get(key);
    if (!series) {
      series = { checkId: r.checkId, name: r.name, avg: starts.map(() => null), max: starts.map(() => null) };
      out.set(key, series);
    }
    series.avg[i] = r.avg;
    series.max[i] = Math.max(series.max[i] ?? -Infinity, r.max);
  }
  return [...out.values()].sort((a, b) => `${a.checkId}.${a.name}`.localeCompare(`${b.checkId}.${b.name}`));
}
