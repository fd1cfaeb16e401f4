import "server-only";
import type { Db } from "@/lib/infra/db";
import type { BucketCounts, MetricRow, StateChangeRow } from "./history";

/**
 * The SQL behind the service page's history, plain so it runs the same on Postgres and PGlite.
 * Every read is bounded by service and time and served by the (serviceId, checkId, at),
 * (bucket, bucketStart) and (entityId, at) indexes.
 */

interface CountsRow {
  checkId: string;
  start: Date;
  total: number;
  up: number;
  degraded: number;
  down: number;
  latencySum: number;
  latencyMax: number;
  maintenance: number;
}

const toCounts = (r: CountsRow): BucketCounts => ({
  checkId: r.checkId,
  start: new Date(r.start).getTime(),
  total: Number(r.total),
  up: Number(r.up),
  degraded: Number(r.degraded),
  down: Number(r.down),
  latencySum: Number(r.latencySum),
  latencyMax: Number(r.latencyMax),
  maintenance: Number(r.maintenance),
});

/** Raw samples grouped by minute: what the roll-up will write, available before it runs. */
export async function rawMinutes(db: Db, serviceId: string, from: Date): Promise<BucketCounts[]> {
  const rows = await db.$queryRawUnsafe<CountsRow[]>(
    `SELECT "checkId", date_trunc('minute', "at") AS "start", count(*)::int AS "total",
            count(*) FILTER (WHERE status = 'up' AND NOT maintenance)::int AS "up",
            count(*) FILTER (WHERE status = 'degraded' AND NOT maintenance)::int AS "degraded",
            count(*) FILTER (WHERE status = 'down' AND NOT maintenance)::int AS "down",
            coalesce(sum("latencyMs"), 0)::float8 AS "latencySum", coalesce(max("latencyMs"), 0)::int AS "latencyMax",
            count(*) FILTER (WHERE maintenance)::int AS "maintenance"
     FROM "CheckSample" WHERE "serviceId" = $1 AND "at" >= $2::timestamp
     GROUP BY 1, 2`,
    serviceId,
    from,
  );
  return rows.map(toCounts);
}

export async function rollups(
  db: Db,
  serviceId: string,
  bucket: "minute" | "hour",
  from: Date,
): Promise<BucketCounts[]> {
  const rows = await db.checkRollup.findMany({
    where: { serviceId, bucket, bucketStart: { gte: from } },
    select: {
      checkId: true,
      bucketStart: true,
      total: true,
      up: true,
      degraded: true,
      down: true,
      latencySum: true,
      latencyMax: true,
      maintenance: true,
    },
  });
  return rows.map((r) => toCounts({ ...r, start: r.bucketStart }));
}

/** Averages and maxima of each numeric metric per check and bucket, from raw samples. */
export async function metricBuckets(
  db: Db,
  serviceId: string,
  from: Date,
  bucketMs: number,
): Promise<MetricRow[]> {
  const rows = await db.$queryRawUnsafe<
    { checkId: string; name: string; start: number; avg: number; max: number }[]
  >(
    `SELECT s."checkId", m.key AS "name",
            (floor(extract(epoch FROM s."at") * 1000 / $3) * $3)::float8 AS "start",
            avg((m.value)::text::float8)::float8 AS "avg", max((m.value)::text::float8)::float8 AS "max"
     FROM "CheckSample" s CROSS JOIN LATERAL jsonb_each(s."metrics") m
     WHERE s."serviceId" = $1 AND s."at" >= $2::timestamp AND s."metrics" IS NOT NULL
       AND jsonb_typeof(m.value) = 'number'
     GROUP BY 1, 2, 3`,
    serviceId,
    from,
    bucketMs,
  );
  return rows.map((r) => ({
    checkId: r.checkId,
    name: r.name,
    start: Number(r.start),
    avg: Number(r.avg),
    max: Number(r.max),
  }));
}

/** The service's state changes in [from, now], and the last one before (the state at `from`). */
export async function serviceStateChanges(
  db: Db,
  serviceId: string,
  from: Date,
  limit = 10_000,
): Promise<{ before: StateChangeRow | null; inside: StateChangeRow[] }> {
  const select = { toState: true, reason: true, at: true } as const;
  const [before, inside] = await Promise.all([
    db.stateChange.findFirst({
      where: { scope: "service", entityId: serviceId, at: { lt: from } },
      orderBy: { at: "desc" },
      select,
    }),
    db.stateChange.findMany({
      where: { scope: "service", entityId: serviceId, at: { gte: from } },
      orderBy: { at: "desc" },
      take: limit,
      select,
    }),
  ]);
  const row = (r: { toState: string; reason: string; at: Date }) => ({ ...r, at: r.at.getTime() });
  return { before: before ? row(before) : null, inside: inside.map(row) };
}

/** The latest changes of the service and its checks, newest first, for "recent events". */
export async function recentChanges(db: Db, serviceId: string, limit: number) {
  return db.stateChange.findMany({
    where: { serviceId },
    orderBy: { at: "desc" },
    take: limit,
    select: { scope: true, entityId: true, fromState: true, toState: true, reason: true, at: true },
  });
}
