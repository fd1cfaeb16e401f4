import "server-only";
import type { Db } from "@/lib/infra/db";

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
    if (b.source === "raw") {
      written += await db.$executeRawUnsafe(
        `INSERT INTO "CheckRollup" ("serviceId","checkId","bucket","bucketStart","total","up","degraded","down","latencySum","latencyMax")
         SELECT "serviceId","checkId",'minute',date_trunc('minute',"at"),count(*)::int,
                count(*) FILTER (WHERE status='up')::int, count(*) FILTER (WHERE status='degraded')::int,
                count(*) FILTER (WHERE status='down')::int, coalesce(sum("latencyMs"),0)::float8, coalesce(max("latencyMs"),0)::int
         FROM "CheckSample" WHERE "at" >= date_trunc('minute', $1::timestamp)
         GROUP BY 1,2,4
         ON CONFLICT ("serviceId","checkId","bucket","bucketStart") DO UPDATE SET
           total=EXCLUDED.total, up=EXCLUDED.up, degraded=EXCLUDED.degraded, down=EXCLUDED.down,
           "latencySum"=EXCLUDED."latencySum", "latencyMax"=EXCLUDED."latencyMax"`,
        from,
      );
    } else {
      written += await db.$executeRawUnsafe(
        `INSERT INTO "CheckRollup" ("serviceId","checkId","bucket","bucketStart","total","up","degraded","down","latencySum","latencyMax")
         SELECT "serviceId","checkId",$2,date_trunc($2,"bucketStart"),sum(total)::int,sum(up)::int,sum(degraded)::int,
                sum(down)::int,sum("latencySum")::float8,max("latencyMax")::int
         FROM "CheckRollup" WHERE bucket=$3 AND "bucketStart" >= date_trunc($2, $1::timestamp)
         GROUP BY 1,2,4
         ON CONFLICT ("serviceId","checkId","bucket","bucketStart") DO UPDATE SET
           total=EXCLUDED.total, up=EXCLUDED.up, degraded=EXCLUDED.degraded, down=EXCLUDED.down,
           "latencySum"=EXCLUDED."latencySum", "latencyMax"=EXCLUDED."latencyMax"`,
        from,
        b.name,
        b.source,
      );
    }
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
