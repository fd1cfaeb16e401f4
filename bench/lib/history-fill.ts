import { parseConfig } from "@/lib/catalog/load-config";
import { ROLLUP_BUCKETS_SQL, ROLLUP_SAMPLES_SQL } from "@/lib/monitor/rollup-sql";

/**
 * Fills the history tables (CheckSample, CheckRollup, StateChange) to what the default retention
 * holds once it has been full for a while, for exactly the checks a config declares, with times
 * ending at `end`: raw samples for `retention.raw`, minute roll-ups for `retention.minutes`, hour
 * roll-ups for `retention.hours` and day roll-ups for 400 days (what `applyRetention` in
 * lib/monitor/rollup.ts keeps). Rows look like the console's own (lib/monitor/persist.ts and
 * rollup.ts): an http check that answers 200 writes status 'up', message "HTTP 200 in 4ms",
 * metrics null; roll-ups carry total/up/latencySum/latencyMax and metrics null.
 *
 * Set-based SQL only (`INSERT ... SELECT ... FROM generate_series`), in time order, a few minutes
 * or hours per statement, so it runs the same on Postgres (node-postgres) and PGlite.
 */

/** Day roll-ups are kept 400 days whatever the settings (applyRetention in lib/monitor/rollup.ts). */
export const DAY_RETENTION_MS = 400 * 86_400_000;
/** Assumed for StateChange (which has no retention): the console was restarted once a week. */
export const RESTART_EVERY_MS = 7 * 86_400_000;
/** lib/monitor/scheduler.ts MIN_INTERVAL_MS. */
const MIN_INTERVAL_MS = 1000;

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface FillCheck {
  serviceId: string;
  checkId: string;
  intervalMs: number;
}

export interface FillPlan {
  checks: FillCheck[];
  /** Service id -> stack id, for the state changes a start writes. */
  services: { id: string; stackId: string }[];
  retention: { raw: number; minutes: number; hours: number };
  /** The newest sample is just before this. */
  end: Date;
}

/** The checks, intervals and retention the console will run from this config text. */
export function planFromConfig(text: string, end: Date): FillPlan {
  const parsed = parseConfig(text, "opsdeck.yml");
  if (!parsed.ok) throw new Error(`config does not load: ${JSON.stringify(parsed.errors[0])}`);
  const { settings, services } = parsed.config;
  const checks: FillCheck[] = [];
  for (const s of services)
    for (const c of s.checks ?? [])
      checks.push({
        serviceId: s.id,
        checkId: c.id,
        // As lib/monitor/engine.ts schedules it.
        intervalMs: Math.max(MIN_INTERVAL_MS, c.interval ?? settings.defaultInterval),
      });
  return {
    checks,
    services: services.map((s) => ({ id: s.id, stackId: s.stack ?? "default" })),
    retention: { ...settings.retention },
    end,
  };
}

export interface HistoryCounts {
  samples: number;
  minuteRollups: number;
  hourRollups: number;
  dayRollups: number;
  stateChanges: number;
}

/** What a SQL connection must offer: node-postgres' Client and PGlite both fit through `rows`. */
export interface SqlRunner {
  rows<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;
const ceilTo = (t: number, unit: number) => Math.ceil(t / unit) * unit;
/** A timestamp(3) literal in UTC, as the console stores times. */
const ts = (t: number) => new Date(t).toISOString().replace("T", " ").replace("Z", "");

/** Bucket starts kept for a bucket size and retention: from the first one inside it to the one holding `end`. */
function bucketRange(
  end: number,
  size: number,
  keepMs: number,
): { first: number; last: number; count: number } {
  const first = ceilTo(end - keepMs, size);
  const last = floorTo(end - 1, size);
  return { first, last, count: Math.max(0, (last - first) / size + 1) };
}

/** The row counts a fill with this plan writes, computed from the config (the fill is counted afterwards too). */
export function expectedCounts(plan: FillPlan): HistoryCounts {
  const end = plan.end.getTime();
  const n = plan.checks.length;
  const restarts = Math.floor(DAY_RETENTION_MS / RESTART_EVERY_MS);
  const stacks = new Set(plan.services.map((s) => s.stackId)).size;
  return {
    samples: plan.checks.reduce((sum, c) => sum + Math.floor(plan.retention.raw / c.intervalMs), 0),
    minuteRollups: n * bucketRange(end, MINUTE, plan.retention.minutes).count,
    hourRollups: n * bucketRange(end, HOUR, plan.retention.hours).count,
    dayRollups: n * bucketRange(end, DAY, DAY_RETENTION_MS).count,
    stateChanges: restarts * (n + 2 * plan.services.length + 2 * stacks),
  };
}

export async function countHistory(db: SqlRunner): Promise<HistoryCounts> {
  const [s] = await db.rows<{ n: string }>(`SELECT count(*)::text AS n FROM "CheckSample"`);
  const buckets = await db.rows<{ bucket: string; n: string }>(
    `SELECT bucket, count(*)::text AS n FROM "CheckRollup" GROUP BY bucket`,
  );
  const [c] = await db.rows<{ n: string }>(`SELECT count(*)::text AS n FROM "StateChange"`);
  const of = (b: string) => Number(buckets.find((r) => r.bucket === b)?.n ?? 0);
  return {
    samples: Number(s.n),
    minuteRollups: of("minute"),
    hourRollups: of("hour"),
    dayRollups: of("day"),
    stateChanges: Number(c.n),
  };
}

/**
 * Latency of the local target as the checks measure it (mostly 2-5 ms, a tail to ~14 ms);
 * `r` is a random() expression.
 */
const LATENCY = (r1: string, r2: string) => `(2 + floor(${r1} * ${r2} * 12))::int`;

/** The plan's checks as a table the set-based statements join (a real table: PGlite and node-postgres alike). */
const CHECKS_TABLE = "bench_fill_checks";

async function createChecksTable(db: SqlRunner, plan: FillPlan): Promise<void> {
  await db.rows(`DROP TABLE IF EXISTS ${CHECKS_TABLE}`);
  await db.rows(`CREATE TABLE ${CHECKS_TABLE} (n int, sid text, cid text, iv int, phase int)`);
  await db.rows(
    `INSERT INTO ${CHECKS_TABLE} SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[])`,
    [
      plan.checks.map((_, i) => i),
      plan.checks.map((c) => c.serviceId),
      plan.checks.map((c) => c.checkId),
      plan.checks.map((c) => c.intervalMs),
      // Each check's own phase inside its interval (the scheduler spreads first runs), 10..90 %.
      plan.checks.map((c, i) => Math.floor(c.intervalMs * (0.1 + 0.8 * (((i * 7919) % 1000) / 1000)))),
    ],
  );
}

/**
 * Raw samples: check c's k-th sample at base + phase + k * interval +- 5 % jitter, for the k
 * whose nominal time is in [base + fromMs, base + toMs) and k < floor(capMs / interval). The fill
 * uses base = end - raw, cap = raw: N = floor(raw / interval) samples per check, all inside
 * retention and before end; a top-up continues the same series past end.
 */
async function insertSamples(
  db: SqlRunner,
  base: number,
  fromMs: number,
  toMs: number,
  capMs: number,
): Promise<number> {
  const rows = await db.rows<{ n: string }>(
    `WITH ins AS (
       INSERT INTO "CheckSample" ("serviceId","checkId","at","status","latencyMs","message","metrics")
       SELECT sid, cid, at, 'up', lat, 'HTTP 200 in ' || lat || 'ms', NULL
       FROM (
         SELECT c.sid, c.cid,
                $1::timestamp + (c.phase + k * c.iv + round((random() * 2 - 1) * c.iv * 0.05)) * interval '1 millisecond' AS at,
                ${LATENCY("random()", "random()")} AS lat
         FROM ${CHECKS_TABLE} c
         CROSS JOIN LATERAL generate_series(
           greatest(0, ceil(($2::bigint - c.phase)::numeric / c.iv))::int,
           least(floor($4::bigint / c.iv)::int - 1, ceil(($3::bigint - c.phase)::numeric / c.iv)::int - 1)
         ) AS k
       ) s
       ORDER BY at
       RETURNING 1
     ) SELECT count(*)::text AS n FROM ins`,
    [ts(base), fromMs, toMs, capMs],
  );
  return Number(rows[0].n);
}

export interface FillProgress {
  table: string;
  done: number;
  total: number;
}

export interface FillTimings {
  samplesS: number;
  rollupsS: number;
  stateChangesS: number;
  vacuumAnalyzeS: number;
  totalS: number;
}

/**
 * Writes the history. Expects the tables empty of these checks' history (a console that has
 * just migrated the database with an empty config). VACUUM ANALYZE afterwards, as a Postgres
 * database that has run for a while has statistics and a visibility map (autovacuum); with
 * `analyze: false` only a CHECKPOINT, as an embedded database is: the console never runs VACUUM
 * or ANALYZE and PGlite (single-user) has no autovacuum.
 */
export async function fillHistory(
  db: SqlRunner,
  plan: FillPlan,
  onProgress?: (p: FillProgress) => void,
  opts: { analyze?: boolean } = {},
): Promise<FillTimings> {
  const t0 = performance.now();
  const end = plan.end.getTime();
  await createChecksTable(db, plan);

  // Raw samples, 5 minutes per statement, oldest first.
  const base = end - plan.retention.raw;
  const rawChunk = 5 * MINUTE;
  const totalRaw = expectedCounts(plan).samples;
  let written = 0;
  for (let from = 0; from < plan.retention.raw; from += rawChunk) {
    written += await insertSamples(
      db,
      base,
      from,
      Math.min(plan.retention.raw, from + rawChunk),
      plan.retention.raw,
    );
    onProgress?.({ table: "CheckSample", done: written, total: totalRaw });
  }
  const samplesS = (performance.now() - t0) / 1000;

  // Roll-ups: every bucket inside its retention, oldest first; full buckets hold bucket/interval
  // samples, the newest (partial) one those before `end`. Same columns as rollUp() writes.
  const t1 = performance.now();
  const kinds = [
    { bucket: "minute", size: MINUTE, keep: plan.retention.minutes, chunk: 6 * HOUR },
    { bucket: "hour", size: HOUR, keep: plan.retention.hours, chunk: 10 * DAY },
    { bucket: "day", size: DAY, keep: DAY_RETENTION_MS, chunk: 100 * DAY },
  ];
  for (const kind of kinds) {
    const range = bucketRange(end, kind.size, kind.keep);
    let done = 0;
    for (let from = range.first; from <= range.last; from += kind.chunk) {
      const to = Math.min(range.last, from + kind.chunk - kind.size);
      const rows = await db.rows<{ n: string }>(
        `WITH ins AS (
           INSERT INTO "CheckRollup" ("serviceId","checkId","bucket","bucketStart","total","up","degraded","down","latencySum","latencyMax","metrics")
           SELECT sid, cid, $1, b, total, total, 0, 0, (total * (3.5 + random()))::float8, ${LATENCY("random()", "(0.6 + 0.4 * random())")} + 4, NULL
           FROM (
             SELECT c.sid, c.cid, b,
                    greatest(1, floor(least($5::numeric, extract(epoch FROM (($4::timestamp - b))) * 1000) / c.iv))::int AS total
             FROM generate_series($2::timestamp, $3::timestamp, $6::bigint * interval '1 millisecond') AS b
             CROSS JOIN ${CHECKS_TABLE} c
           ) r
           ORDER BY b, sid, cid
           RETURNING 1
         ) SELECT count(*)::text AS n FROM ins`,
        [kind.bucket, ts(from), ts(to), ts(end), kind.size, kind.size],
      );
      done += Number(rows[0].n);
      onProgress?.({ table: `CheckRollup ${kind.bucket}`, done, total: range.count * plan.checks.length });
    }
  }
  const rollupsS = (performance.now() - t1) / 1000;

  // State changes: what a console start writes (lib/monitor/diff.ts), once per assumed restart:
  // each service null->unknown, each stack null->unknown, each check null->up, then each
  // service and stack unknown->up.
  const t2 = performance.now();
  const restarts = Math.floor(DAY_RETENTION_MS / RESTART_EVERY_MS);
  const services = plan.services;
  const stacks = [...new Set(services.map((s) => s.stackId))];
  const checksOf = new Map<string, number>();
  for (const c of plan.checks) checksOf.set(c.serviceId, (checksOf.get(c.serviceId) ?? 0) + 1);
  const servicesOf = new Map<string, number>();
  for (const s of services) servicesOf.set(s.stackId, (servicesOf.get(s.stackId) ?? 0) + 1);
  await db.rows(
    `INSERT INTO "StateChange" ("scope","entityId","serviceId","fromState","toState","reason","at")
     SELECT scope, entity, sid, fromstate, tostate, reason, at FROM (
       SELECT r, 0 AS step, 'service' AS scope, s.id AS entity, s.id AS sid, NULL AS fromstate, 'unknown' AS tostate,
              'not run yet' AS reason, $1::timestamp + r * $2::bigint * interval '1 millisecond' AS at
       FROM generate_series(0, $3::int - 1) r CROSS JOIN unnest($4::text[]) AS s(id)
       UNION ALL
       SELECT r, 1, 'stack', st.id, NULL, NULL, 'unknown', 'not evaluated yet',
              $1::timestamp + r * $2::bigint * interval '1 millisecond'
       FROM generate_series(0, $3::int - 1) r CROSS JOIN unnest($5::text[]) AS st(id)
       UNION ALL
       SELECT r, 2, 'check', c.sid || '/' || c.cid, c.sid, NULL, 'up', 'HTTP 200 in 4ms',
              $1::timestamp + (r * $2::bigint + c.phase) * interval '1 millisecond'
       FROM generate_series(0, $3::int - 1) r CROSS JOIN ${CHECKS_TABLE} c
       UNION ALL
       SELECT r, 3, 'service', s.id, s.id, 'unknown', 'up', 'all ' || s.n || ' checks up',
              $1::timestamp + (r * $2::bigint + 5000) * interval '1 millisecond'
       FROM generate_series(0, $3::int - 1) r CROSS JOIN unnest($4::text[], $6::int[]) AS s(id, n)
       UNION ALL
       SELECT r, 4, 'stack', st.id, NULL, 'unknown', 'up', 'all ' || st.n || ' services up',
              $1::timestamp + (r * $2::bigint + 5000) * interval '1 millisecond'
       FROM generate_series(0, $3::int - 1) r CROSS JOIN unnest($5::text[], $7::int[]) AS st(id, n)
     ) x ORDER BY r, step, entity`,
    [
      ts(end - restarts * RESTART_EVERY_MS),
      RESTART_EVERY_MS,
      restarts,
      services.map((s) => s.id),
      stacks,
      services.map((s) => checksOf.get(s.id) ?? 0),
      stacks.map((s) => servicesOf.get(s) ?? 0),
    ],
  );
  await db.rows(`DROP TABLE ${CHECKS_TABLE}`);
  const stateChangesS = (performance.now() - t2) / 1000;

  const t3 = performance.now();
  if (opts.analyze !== false) {
    onProgress?.({ table: "VACUUM ANALYZE", done: 0, total: 1 });
    await db.rows(`VACUUM ANALYZE`);
  }
  await db.rows(`CHECKPOINT`);
  const vacuumAnalyzeS = (performance.now() - t3) / 1000;
  return { samplesS, rollupsS, stateChangesS, vacuumAnalyzeS, totalS: (performance.now() - t0) / 1000 };
}

/**
 * Brings a copy of the fill up to `now`, as if the console had kept running since the fill's
 * end: the raw samples since then (continuing each check's series), then the roll-ups of what
 * they touch with the statements rollUp() in lib/monitor/rollup.ts runs for `changedSince` = the
 * fill's end (minutes from raw samples, hours from minutes, days from hours). Then
 * trimToRetention drops what retention would have dropped meanwhile.
 */
export async function topUp(
  db: SqlRunner,
  plan: FillPlan,
  now: Date,
): Promise<{ samples: number; gapS: number }> {
  const end = plan.end.getTime();
  const base = end - plan.retention.raw;
  if (now.getTime() <= end) return { samples: 0, gapS: 0 };
  await createChecksTable(db, plan);
  const samples = await insertSamples(
    db,
    base,
    plan.retention.raw,
    now.getTime() - base,
    // No cap: the series goes on to now.
    now.getTime() - base + DAY,
  );
  await db.rows(`DROP TABLE ${CHECKS_TABLE}`);
  const since = ts(end);
  // rollUp(db, now, changedSince) in lib/monitor/rollup.ts, its very statements.
  await db.rows(ROLLUP_SAMPLES_SQL, [since]);
  for (const [bucket, source] of [
    ["hour", "minute"],
    ["day", "hour"],
  ])
    await db.rows(ROLLUP_BUCKETS_SQL, [since, bucket, source]);
  return { samples, gapS: Math.round((now.getTime() - end) / 1000) };
}

/**
 * What applyRetention would delete at `now`: after a top-up, the copy holds what retention
 * would have dropped since the fill; deleting it before the console starts keeps the console's
 * first housekeeping pass to its steady-state work (one minute's worth), not a backlog.
 */
export async function trimToRetention(db: SqlRunner, plan: FillPlan, now: Date): Promise<HistoryCounts> {
  const t = now.getTime();
  const del = async (sql: string, params: unknown[]) =>
    Number(
      (
        await db.rows<{ n: string }>(
          `WITH d AS (${sql} RETURNING 1) SELECT count(*)::text AS n FROM d`,
          params,
        )
      )[0].n,
    );
  return {
    samples: await del(`DELETE FROM "CheckSample" WHERE "at" < $1::timestamp`, [ts(t - plan.retention.raw)]),
    minuteRollups: await del(
      `DELETE FROM "CheckRollup" WHERE bucket = 'minute' AND "bucketStart" < $1::timestamp`,
      [ts(t - plan.retention.minutes)],
    ),
    hourRollups: await del(
      `DELETE FROM "CheckRollup" WHERE bucket = 'hour' AND "bucketStart" < $1::timestamp`,
      [ts(t - plan.retention.hours)],
    ),
    dayRollups: await del(
      `DELETE FROM "CheckRollup" WHERE bucket = 'day' AND "bucketStart" < $1::timestamp`,
      [ts(t - DAY_RETENTION_MS)],
    ),
    stateChanges: 0,
  };
}
