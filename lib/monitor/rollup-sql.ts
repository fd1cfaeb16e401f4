/**
 * The roll-up statements (no "server-only": the capacity bench brings a filled history up to date
 * with these very statements). $1 is the oldest time to recompute from.
 */

const UPSERT = `ON CONFLICT ("serviceId","checkId","bucket","bucketStart") DO UPDATE SET
  total=EXCLUDED.total, up=EXCLUDED.up, degraded=EXCLUDED.degraded, down=EXCLUDED.down,
  "latencySum"=EXCLUDED."latencySum", "latencyMax"=EXCLUDED."latencyMax", maintenance=EXCLUDED.maintenance`;

const COLUMNS = `"CheckRollup" ("serviceId","checkId","bucket","bucketStart","total","up","degraded","down","latencySum","latencyMax","maintenance")`;

/**
 * Minute buckets from raw samples at or after $1's minute. Samples taken under maintenance count
 * in `total` and `maintenance` (and in latency, which is still real) but not as up, degraded or
 * down, so every uptime figure built on roll-ups leaves the window out.
 */
export const ROLLUP_SAMPLES_SQL = `INSERT INTO ${COLUMNS}
  SELECT "serviceId","checkId",'minute',date_trunc('minute',"at"),count(*)::int,
         count(*) FILTER (WHERE status='up' AND NOT maintenance)::int,
         count(*) FILTER (WHERE status='degraded' AND NOT maintenance)::int,
         count(*) FILTER (WHERE status='down' AND NOT maintenance)::int,
         coalesce(sum("latencyMs"),0)::float8, coalesce(max("latencyMs"),0)::int,
         count(*) FILTER (WHERE maintenance)::int
  FROM "CheckSample" WHERE "at" >= date_trunc('minute', $1::timestamp)
  GROUP BY 1,2,4
  ${UPSERT}`;

/** $2 buckets (hour, day) from $3 buckets (minute, hour) at or after $1's $2. */
export const ROLLUP_BUCKETS_SQL = `INSERT INTO ${COLUMNS}
  SELECT "serviceId","checkId",$2,date_trunc($2,"bucketStart"),sum(total)::int,sum(up)::int,sum(degraded)::int,
         sum(down)::int,sum("latencySum")::float8,max("latencyMax")::int,sum(maintenance)::int
  FROM "CheckRollup" WHERE bucket=$3 AND "bucketStart" >= date_trunc($2, $1::timestamp)
  GROUP BY 1,2,4
  ${UPSERT}`;
