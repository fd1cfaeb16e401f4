/**
 * The scheduler's lag histogram (lib/monitor/scheduler.ts LagHistogram: cumulative since the
 * console started, fixed buckets) as /api/v1/map serves it, and what a window between two
 * readings of it says.
 */
import type { LagHistogram } from "@/lib/monitor/scheduler";

export type { LagHistogram };

export interface WindowLag {
  starts: number;
  /** Upper bound of the bucket holding the 99th percentile start, or maxMs if lower (always for the overflow bucket). */
  p99UpperMs: number;
  /** The bucket itself, e.g. "(100, 250]". */
  p99Bucket: string;
  meanMs: number;
  /** The largest lag in the window: exact when it is a new maximum since start, else an upper bound. */
  maxMs: number;
  maxExact: boolean;
  /** Starts per bucket within the window. */
  counts: number[];
}

function bucketLabel(bounds: number[], i: number): string {
  const lo = i === 0 ? 0 : bounds[i - 1];
  return i < bounds.length ? `(${lo}, ${bounds[i]}]` : `(${lo}, +inf)`;
}

export function windowLag(start: LagHistogram, end: LagHistogram): WindowLag {
  if (start.boundsMs.join() !== end.boundsMs.join()) throw new Error("lag histogram bounds changed");
  const counts = end.counts.map((c, i) => c - start.counts[i]);
  const starts = end.count - start.count;
  if (starts <= 0 || counts.some((c) => c < 0))
    throw new Error(
      `lag histogram did not grow over the window (${starts} starts): did the console restart?`,
    );
  const bounds = end.boundsMs;
  // Nearest rank: the bucket holding the ceil(0.99 n)-th smallest lag.
  const rank = Math.ceil(0.99 * starts);
  let seen = 0;
  let p99 = counts.length - 1;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i];
    if (seen >= rank) {
      p99 = i;
      break;
    }
  }
  let top = counts.length - 1;
  while (top > 0 && counts[top] === 0) top -= 1;
  // A maximum since start that grew happened in the window; otherwise the window's largest lag
  // is at most the top non-empty bucket's bound (and at most the maximum since start).
  const maxExact = end.maxMs > start.maxMs;
  const maxMs = maxExact ? end.maxMs : Math.min(end.maxMs, top < bounds.length ? bounds[top] : Infinity);
  return {
    starts,
    // No start in the window lagged more than maxMs (exact, or itself a bound).
    p99UpperMs: Math.min(p99 < bounds.length ? bounds[p99] : Infinity, maxMs),
    p99Bucket: bucketLabel(bounds, p99),
    meanMs: (end.sumMs - start.sumMs) / starts,
    maxMs,
    maxExact,
    counts,
  };
}
