import "server-only";
import type { Db } from "@/lib/infra/db";
import { ROLLUP_BUCKETS_SQL, ROLLUP_SAMPLES_SQL } from "./rollup-sql";

/**
 * Rolls raw samples up into minute, hour and day buckets (idempotent upserts over the recent
 * past), then applies retention. Plain SQL so it runs the same on Postgres and PGlite.
 */

const BUCKETS = [
  { name: "minute", source: "raw", lookbackMs: 15 * 60_000 },
  { name: "hour", source: "minute", lookbackMs: 3 * 3_600_000 },
  { name: "day", source: "hour", lookbackMs: 2 * 86_400_000 },
] as const;

export interface Retention {
  raw: number;
  minutes: number;
  hours: number;
}

/**
 * `changedSince`: the oldest sample time written since the last roll-up. Given, only the
 * buckets that can hold those samples are recomputed (the minutes from it, the hours and days
 * that contain them) instead of the whole look-back: with 1,000 checks the last 15 minutes are
 * ~180,000 samples to aggregate every minute.
 */
export async function rollUp(db: Db, now = new Date(), changedSince?: Date): Promise<number> {
  let written = 0;
  for (const b of BUCKETS) {
    const from = changedSince ?? new Date(now.getTime() - b.lookbackMs);
    written +=
      b.source === "raw"
        ? await db.$executeRawUnsafe(ROLLUP_SAMPLES_SQL, from)
        : await db.$executeRawUnsafe(ROLLUP_BUCKETS_SQL, from, b.name, b.source);
  }
  return written;
}

/**
 * Deletes what is past retention; day buckets are kept 400 days for the status page's 90-day
 * bars. Returns the rows deleted per table.
 */
export async function applyRetention(
  db: Db,
  retention: Retention,
  now = new Date(),
): Promise<{ samples: number; rollups: number }> {
  const t = now.getTime();
  const samples = await db.checkSample.deleteMany({ where: { at: { lt: new Date(t - retention.raw) } } });
  let rollups = 0;
  for (const [bucket, keepMs] of [
    ["minute", retention.minutes],
    ["hour", retention.hours],
    ["day", 400 * 86_400_000],
  ] as const)
    rollups += (
      await db.checkRollup.deleteMany({ where: { bucket, bucketStart: { lt: new Date(t - keepMs) } } })
    ).count;
  return { samples: samples.count, rollups };
}
