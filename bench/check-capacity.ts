/**
 * Check capacity at steady state: CPU, memory and scheduling lag of the console running 1,000
 * HTTP checks every 5 s against a local endpoint, with the history tables already holding what
 * the default retention keeps once it has been full for a day (17.28 M raw samples, 10.08 M
 * minute, 2.16 M hour and 0.4 M day roll-ups for 1,000 checks at 5 s).
 *
 * One command per database (needs a production build: `npm run build`):
 *   npx tsx bench/check-capacity.ts                           embedded PGlite (default) -> results/check-capacity.json
 *   BENCH_DATABASE=postgres npx tsx bench/check-capacity.ts   durable Postgres (BENCH_PG_URL) -> results/check-capacity-postgres.json
 *   BENCH_DATABASE=both npx tsx bench/check-capacity.ts       both, one after the other
 * Environment:
 *   BENCH_SERVICES (100) x BENCH_CHECKS_PER_SERVICE (10) http checks every 5 s
 *   BENCH_WARMUP_S (75), BENCH_WINDOW_S (120), BENCH_RUNS (3)
 *   BENCH_FILL=steady (default) | none: an empty database (-> check-capacity[-postgres]-empty.json)
 *   BENCH_FILL_STATS: planner statistics in the template; default as an install has them
 *     (Postgres: analyze, VACUUM ANALYZE after the fill, as autovacuum would; embedded: none, the
 *     console analyzes itself after start); the other choice writes check-capacity[-postgres]-
 *     nostats.json or -analyzed.json
 *   BENCH_KEEP_FILL=1: keep the filled template and print how to reuse it;
 *   BENCH_FILL_FROM_EMBEDDED=<folder> / BENCH_FILL_FROM_POSTGRES=<database>: reuse one (at most 3 h old)
 *   BENCH_FILL_DIR: where the data folders go (default the OS temp dir; ~7 GB per copy)
 *   BENCH_APP_DIR: the build to run (default this checkout)
 *
 * Per variant the history is filled once (bench/lib/history-fill.ts) into a template: a data
 * folder the console itself created and migrated (embedded), or a database it migrated
 * (Postgres). Each run gets its own copy (`cp -a` of the folder; `CREATE DATABASE ... TEMPLATE
 * ... STRATEGY FILE_COPY`), brought up to its start (the samples since the fill, rolled up) and
 * trimmed to retention, then its own console, target server and load: warm-up, then the window.
 * Fill times on a 2-vCPU machine: about 11 min embedded, 8 min Postgres.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { withCleanup } from "./lib/cleanup";
import { getJson, signIn, startConsoleApp, type ConsoleApp } from "./lib/console-app";
import { durablePostgres, type DurableServer } from "./lib/durable-postgres";
import { windowLag, type LagHistogram } from "./lib/capacity-lag";
import {
  countHistory,
  DAY_RETENTION_MS,
  expectedCounts,
  fillHistory,
  planFromConfig,
  RESTART_EVERY_MS,
  topUp,
  trimToRetention,
  type FillPlan,
  type HistoryCounts,
  type SqlRunner,
} from "./lib/history-fill";
import { commandLine, cpuSeconds, processTree, pssMb, rssMb } from "./lib/proc";
import { finish, repeatRuns, round, RUNS, type RunRecord } from "./lib/results";
import { startTargetServer, type TargetServer } from "./lib/target-server";

const SERVICES = Number(process.env.BENCH_SERVICES ?? 100);
const CHECKS_PER_SERVICE = Number(process.env.BENCH_CHECKS_PER_SERVICE ?? 10);
/** Past the first housekeeping pass (60 s after start: the full look-back roll-up and, embedded, the ANALYZE), so the window is steady state. */
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 75);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 120);
const FILL = process.env.BENCH_FILL ?? "steady";
const KEEP_FILL = process.env.BENCH_KEEP_FILL === "1";
/**
 * Planner statistics in the filled template, by default as an install has them: on Postgres
 * autovacuum keeps them (`analyze`: VACUUM ANALYZE after the fill); the embedded database has no
 * autovacuum and the console analyzes its history tables itself after each start
 * (lib/monitor/embedded-maintenance.ts), so its template gets none (`none`). BENCH_FILL_STATS
 * overrides either (the file name then says so).
 */
const STATS_OVERRIDE = process.env.BENCH_FILL_STATS;
const defaultStats = (variant: Variant) => (variant === "embedded" ? "none" : "analyze");
/** Set per variant by runVariant. */
let STATS = "analyze";
const INTERVAL = "5s";
/** checks/s measured at the target must be within this share of the configured rate. */
const RATE_TOLERANCE = 0.05;
const TARGETS = { cpu_percent: { max: 20 }, rss_mb: { max: 300 }, lag_p99_ms: { max: 250 } };

type Variant = "embedded" | "postgres";

/** Default settings (maxConcurrentChecks 64, failuresBeforeDown 2, default retention); no container discovery. */
function generateConfig(port: number): string {
  const lines = ["version: 1", "settings:", "  discoverContainers: false", "services:"];
  for (let s = 0; s < SERVICES; s++) {
    lines.push(`  - id: svc-${s}`, "    checks:");
    for (let c = 0; c < CHECKS_PER_SERVICE; c++)
      lines.push(
        `      - id: check-${c}`,
        "        kind: http",
        `        url: http://127.0.0.1:${port}/health/${s}/${c}`,
        `        interval: ${INTERVAL}`,
        `        expect: [status == 200, 'json.status == "ok"', latency < 1000ms]`,
      );
  }
  return `${lines.join("\n")}\n`;
}

const EMPTY_CONFIG = "version: 1\nsettings:\n  discoverContainers: false\nservices: []\n";

interface MapSnapshot {
  services: { id: string; status: string; checks: { id: string; status: string }[] }[];
  scheduler?: {
    scheduled: number;
    running: number;
    queued: number;
    lagP99Ms: number;
    lagHistogram?: LagHistogram;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What is running or exists now (consoles, target servers, copies, templates), so Ctrl-C
 * (withCleanup) stops and removes it too; each is released in a finally on the normal path.
 */
const live = new Set<() => Promise<void>>();
interface Held<T> {
  value: T;
  release(): Promise<void>;
}
async function hold<T>(make: () => Promise<T>, release: (t: T) => Promise<void>): Promise<Held<T>> {
  const value = await make();
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    live.delete(once);
    await release(value);
  };
  live.add(once);
  return { value, release: once };
}
async function releaseAll() {
  for (const r of [...live].reverse()) await r().catch((error) => console.error("clean-up failed:", error));
}
const seconds = (since: number) => round((performance.now() - since) / 1000, 1);

/** A filled (or, with BENCH_FILL=none, no) history that each run copies. */
interface Template {
  /** A fresh copy for one run: the console's data folder or DATABASE_URL, and how to drop it. */
  copy(
    run: number,
  ): Promise<{ dataDir?: string; databaseUrl?: string; copyS: number; drop(): Promise<void> }>;
  /** Opens a run's copy from the bench (to trim and count it before its console starts). */
  open(copy: { dataDir?: string; databaseUrl?: string }): Promise<SqlRunner & { close(): Promise<void> }>;
  describe: Record<string, unknown>;
  /** The plan as filled: its `end` is where the template's series stop. */
  plan: FillPlan;
  drop(): Promise<void>;
}

async function openPglite(dataDir: string): Promise<SqlRunner & { close(): Promise<void> }> {
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create(path.join(dataDir, "pglite"), {
    // The bench's own instance; a bigger cache only speeds the fill up, the files are the same.
    startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=256MB"],
  });
  return {
    rows: async <T>(text: string, params?: unknown[]) => (await db.query<T>(text, params)).rows,
    close: () => db.close(),
  };
}

async function openPg(url: string): Promise<SqlRunner & { close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    rows: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
    close: () => client.end(),
  };
}

function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(server: DurableServer, sql: string): Promise<pg.QueryResult> {
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    return await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Lets the console create and migrate its database (empty config), then stops it. */
async function migrateWithConsole(
  opts: { dataDir?: string; databaseUrl?: string },
  workDir: string,
): Promise<void> {
  const configPath = path.join(workDir, "empty.yml");
  writeFileSync(configPath, EMPTY_CONFIG);
  const app = await hold(
    () =>
      startConsoleApp({
        configPath,
        ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
        ...(opts.databaseUrl ? { env: { DATABASE_URL: opts.databaseUrl } } : {}),
      }),
    (a) => a.stop(),
  );
  try {
    await signIn(app.value.baseUrl); // the admin account: the database is open and migrated
  } finally {
    await app.release();
  }
}

async function fillTemplate(
  db: SqlRunner & { close(): Promise<void> },
  plan: FillPlan,
): Promise<{ counts: HistoryCounts; timings: Record<string, number> }> {
  let last = 0;
  try {
    const timings = await fillHistory(
      db,
      plan,
      (p) => {
        if (performance.now() - last < 10_000 && p.done < p.total) return;
        last = performance.now();
        console.log(`  fill: ${p.table} ${p.done.toLocaleString("en")} / ${p.total.toLocaleString("en")}`);
      },
      { analyze: STATS !== "none" },
    );
    const t = performance.now();
    const counts = await countHistory(db);
    return {
      counts,
      timings: Object.fromEntries([
        ...Object.entries(timings).map(([k, v]) => [k, round(v, 1)]),
        ["countS", seconds(t)],
      ]),
    };
  } finally {
    await db.close();
  }
}

function checkCounts(counts: HistoryCounts, expected: HistoryCounts) {
  for (const [k, v] of Object.entries(expected))
    if (counts[k as keyof HistoryCounts] !== v)
      throw new Error(`fill wrote ${counts[k as keyof HistoryCounts]} ${k}, expected ${v}`);
}

/** What a kept fill says about itself, so a later command can reuse it (BENCH_FILL_FROM_*). */
interface FillMeta {
  /** FillPlan.end: where the filled series stop. */
  end: string;
  signature: string;
  describe: Record<string, unknown>;
}

/** The checks, intervals and retention a fill was made for: a kept fill is only reused for the same. */
function planSignature(plan: FillPlan): string {
  return createHash("sha256")
    .update(JSON.stringify([plan.checks, plan.retention, STATS]))
    .digest("hex")
    .slice(0, 16);
}

/**
 * A kept fill is topped up per run (up to 3 h of samples at 200/s is 2.2 M rows, and as many
 * deleted by the trim: under the 20 % of the table that makes Postgres' autovacuum start); an
 * older one would stand for a database that was just trimmed by hours, not a steady state.
 */
const MAX_REUSE_AGE_MS = 3 * 3_600_000;

function reusable(meta: FillMeta, plan: FillPlan, where: string): FillPlan {
  if (meta.signature !== planSignature(plan))
    throw new Error(`${where} was filled for other checks or retention: fill anew (unset BENCH_FILL_FROM_*)`);
  const age = Date.now() - Date.parse(meta.end);
  if (!(age >= 0 && age <= MAX_REUSE_AGE_MS))
    throw new Error(
      `${where} is ${Math.round(age / 60_000)} min old (at most ${MAX_REUSE_AGE_MS / 60_000}): fill anew`,
    );
  console.log(`reusing the fill in ${where}, made ${Math.round(age / 60_000)} min ago`);
  return { ...plan, end: new Date(meta.end) };
}

async function fillAndDescribe(
  describe: Record<string, unknown>,
  plan: FillPlan,
  migrate: () => Promise<void>,
  open: () => Promise<SqlRunner & { close(): Promise<void> }>,
): Promise<void> {
  const t0 = performance.now();
  await migrate();
  describe.migrateS = seconds(t0);
  const t1 = performance.now();
  const { counts, timings } = await fillTemplate(await open(), plan);
  checkCounts(counts, expectedCounts(plan));
  describe.fillS = seconds(t1);
  describe.fillTimingsS = timings;
  describe.rows = counts;
  describe.filledAt = new Date().toISOString();
}

async function embeddedTemplate(plan: FillPlan, workDir: string): Promise<Template> {
  const from = process.env.BENCH_FILL_FROM_EMBEDDED;
  const base = from ? path.resolve(from) : path.join(workDir, "filled");
  let describe: Record<string, unknown> = {};
  if (FILL !== "none" && from) {
    const meta = JSON.parse(readFileSync(`${base}.json`, "utf8")) as FillMeta;
    plan = reusable(meta, plan, base);
    describe = { ...meta.describe, reused: base };
  } else if (FILL !== "none") {
    await fillAndDescribe(
      describe,
      plan,
      () => migrateWithConsole({ dataDir: base }, workDir),
      () => openPglite(base),
    );
    describe.sizeMb = Number(execFileSync("du", ["-sm", base], { encoding: "utf8" }).split("\t")[0]);
    const meta: FillMeta = { end: plan.end.toISOString(), signature: planSignature(plan), describe };
    writeFileSync(`${base}.json`, `${JSON.stringify(meta, null, 2)}\n`);
    console.log(`filled ${base} in ${describe.fillS} s: ${JSON.stringify(describe.rows)}`);
  }
  describe.copy = "cp -a of the data folder";
  return {
    plan,
    describe,
    async copy(run) {
      if (FILL === "none") return { copyS: 0, drop: async () => undefined };
      const dataDir = path.join(workDir, `run-${run + 1}`);
      const t = performance.now();
      execFileSync("cp", ["-a", base, dataDir]);
      return {
        dataDir,
        copyS: seconds(t),
        drop: async () => rmSync(dataDir, { recursive: true, force: true }),
      };
    },
    open: (copy) => openPglite(copy.dataDir!),
    async drop() {
      if (FILL === "none" || from) return;
      if (KEEP_FILL)
        console.log(`kept the filled data folder (reuse within 3 h): BENCH_FILL_FROM_EMBEDDED=${base}`);
      else rmSync(base, { recursive: true, force: true });
    },
  };
}

async function postgresTemplate(server: DurableServer, plan: FillPlan, workDir: string): Promise<Template> {
  const from = process.env.BENCH_FILL_FROM_POSTGRES;
  const stamp = `${process.pid}_${Date.now()}`;
  const name = from ?? `capacity_filled_${stamp}`;
  const versionNum = Number((await adminQuery(server, "SHOW server_version_num")).rows[0].server_version_num);
  // FILE_COPY (Postgres 15+) copies the files after a checkpoint instead of WAL-logging every block.
  const strategy = versionNum >= 150000 ? " STRATEGY FILE_COPY" : "";
  let describe: Record<string, unknown> = {};
  const created = await hold(
    async () => FILL !== "none" && !from && (await adminQuery(server, `CREATE DATABASE "${name}"`), true),
    async (exists) => {
      if (!exists) return;
      if (KEEP_FILL)
        console.log(`kept the filled template database (reuse within 3 h): BENCH_FILL_FROM_POSTGRES=${name}`);
      else await adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  );
  if (FILL !== "none" && from) {
    const row = (
      await adminQuery(
        server,
        `SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = '${from}'`,
      )
    ).rows[0] as { d: string | null } | undefined;
    if (!row?.d)
      throw new Error(`BENCH_FILL_FROM_POSTGRES=${from}: no such database, or not one this bench filled`);
    const meta = JSON.parse(row.d) as FillMeta;
    plan = reusable(meta, plan, `database ${from}`);
    describe = { ...meta.describe, reused: from };
  } else if (FILL !== "none") {
    const url = withDatabase(server.adminUrl, name);
    await fillAndDescribe(
      describe,
      plan,
      () => migrateWithConsole({ databaseUrl: url }, workDir),
      () => openPg(url),
    );
    describe.sizeMb = round(
      Number((await adminQuery(server, `SELECT pg_database_size('${name}') AS b`)).rows[0].b) / 1024 ** 2,
      0,
    );
    const meta: FillMeta = { end: plan.end.toISOString(), signature: planSignature(plan), describe };
    // A comment lives in the shared catalog: it does not travel into the copies.
    await adminQuery(
      server,
      `COMMENT ON DATABASE "${name}" IS '${JSON.stringify(meta).replaceAll("'", "''")}'`,
    );
    console.log(`filled database ${name} in ${describe.fillS} s: ${JSON.stringify(describe.rows)}`);
  }
  describe.serverVersionNum = versionNum;
  describe.copy =
    FILL === "none"
      ? "CREATE DATABASE <run> (empty; the console migrates it)"
      : `CREATE DATABASE <run> TEMPLATE <filled>${strategy}`;
  return {
    plan,
    describe,
    async copy(run) {
      const runName = `capacity_run${run + 1}_${stamp}`;
      const t = performance.now();
      await adminQuery(
        server,
        FILL === "none"
          ? `CREATE DATABASE "${runName}"`
          : `CREATE DATABASE "${runName}" TEMPLATE "${name}"${strategy}`,
      );
      return {
        databaseUrl: withDatabase(server.adminUrl, runName),
        copyS: seconds(t),
        drop: async () =>
          void (await adminQuery(server, `DROP DATABASE IF EXISTS "${runName}" WITH (FORCE)`)),
      };
    },
    open: (copy) => openPg(copy.databaseUrl!),
    drop: created.release,
  };
}

/** Postgres processes by kind, from their command lines ("postgres: user db host(port) state"). */
function postgresProcesses(pids: number[], runDb: string | undefined) {
  const out = { ownBackends: 0, otherBackends: [] as string[], auxiliary: 0 };
  for (const pid of pids) {
    const cmd = commandLine(pid);
    const m = /^postgres: \S+ (\S+) \S+\(\d+\)/.exec(cmd) ?? /^postgres: \S+ (\S+) \[local\]/.exec(cmd);
    if (!m) out.auxiliary += 1;
    else if (m[1] === runDb) out.ownBackends += 1;
    else out.otherBackends.push(cmd);
  }
  return out;
}

async function measureRun(
  variant: Variant,
  run: number,
  template: Template,
  plan: FillPlan,
  server: DurableServer | undefined,
  workDir: string,
): Promise<RunRecord> {
  let target: Held<TargetServer> | undefined;
  let held: Held<ConsoleApp> | undefined;
  let heldCopy: Held<Awaited<ReturnType<Template["copy"]>>> | undefined;
  let app: ConsoleApp | undefined;
  try {
    heldCopy = await hold(
      () => template.copy(run),
      (c) => c.drop(),
    );
    const copy = heldCopy.value;
    const details: Record<string, unknown> = { copyS: copy.copyS };
    if (FILL !== "none") {
      // The copy's series end where the fill ended: bring it up to now (the samples since, rolled
      // up), then drop what retention would have dropped meanwhile.
      const t = performance.now();
      const db = await template.open(copy);
      try {
        const now = new Date();
        details.toppedUp = await topUp(db, plan, now);
        details.trimmedPastRetention = await trimToRetention(db, plan, now);
        details.rowsAtStart = await countHistory(db);
      } finally {
        await db.close();
      }
      details.trimAndCountS = seconds(t);
    }

    target = await hold(startTargetServer, async (t) => t.stop());
    const configPath = path.join(workDir, `opsdeck-run-${run + 1}.yml`);
    writeFileSync(configPath, generateConfig(target.value.port));
    held = await hold(
      () =>
        startConsoleApp({
          configPath,
          ...(copy.dataDir ? { dataDir: copy.dataDir } : {}),
          ...(copy.databaseUrl ? { env: { DATABASE_URL: copy.databaseUrl } } : {}),
        }),
      (a) => a.stop(),
    );
    app = held.value;
    const cookie = await signIn(app.baseUrl);
    const runDb = copy.databaseUrl ? new URL(copy.databaseUrl).pathname.slice(1) : undefined;
    console.log(
      `console on ${app.baseUrl}: pid ${app.rootPid} (${commandLine(app.rootPid)})${runDb ? `, database ${runDb}` : ""}`,
    );
    console.log(
      `${plan.checks.length} http checks every ${INTERVAL}; warm-up ${WARMUP_S} s, window ${WINDOW_S} s`,
    );
    await sleep(WARMUP_S * 1000);

    const consolePids = () => processTree(app!.rootPid);
    const pgPids = () =>
      server?.postmasterPid && variant === "postgres" ? processTree(server.postmasterPid) : [];
    const before = await getJson<MapSnapshot>(app.baseUrl, "/api/v1/map", cookie);
    if (!before.scheduler?.lagHistogram)
      throw new Error("/api/v1/map has no scheduler.lagHistogram: the build predates it (npm run build)");
    // The embedded database's write-ahead log, to see whether it stays bounded while the console runs.
    const walDir = copy.dataDir ? path.join(copy.dataDir, "pglite", "pg_wal") : undefined;
    const walMb = () =>
      walDir ? Number(execFileSync("du", ["-sm", walDir], { encoding: "utf8" }).split("\t")[0]) : 0;
    const wal0 = walMb();
    const cpuConsole0 = cpuSeconds(consolePids());
    const cpuPg0 = cpuSeconds(pgPids());
    const req0 = await target.value.requests();
    const t0 = performance.now();
    let maxTotal = 0;
    let maxConsole = 0;
    let maxPg = 0;
    const sample = () => {
      const c = rssMb(consolePids());
      const p = pssMb(pgPids());
      maxConsole = Math.max(maxConsole, c);
      maxPg = Math.max(maxPg, p);
      maxTotal = Math.max(maxTotal, c + p);
    };
    sample();
    while (performance.now() - t0 < WINDOW_S * 1000) {
      await sleep(1000);
      sample();
    }
    const elapsedS = (performance.now() - t0) / 1000;
    const cpuConsole = ((cpuSeconds(consolePids()) - cpuConsole0) / elapsedS) * 100;
    const cpuPg = ((cpuSeconds(pgPids()) - cpuPg0) / elapsedS) * 100;
    const checksPerS = ((await target.value.requests()) - req0) / elapsedS;
    const pgKinds = variant === "postgres" ? postgresProcesses(pgPids(), runDb) : undefined;
    const wal1 = walMb();
    const after = await getJson<MapSnapshot>(app.baseUrl, "/api/v1/map", cookie);
    const lag = windowLag(before.scheduler.lagHistogram, after.scheduler!.lagHistogram!);

    const states: Record<string, number> = {};
    const seen = new Map<string, string>();
    for (const s of after.services) for (const c of s.checks) seen.set(`${s.id}/${c.id}`, c.status);
    for (const c of plan.checks) {
      const status = seen.get(`${c.serviceId}/${c.checkId}`) ?? "missing";
      states[status] = (states[status] ?? 0) + 1;
    }
    if (pgKinds?.otherBackends.length)
      console.warn(`warning: ${pgKinds.otherBackends.length} backend(s) of other databases were counted`);

    const figures: RunRecord["figures"] = {
      cpu_percent: { value: round(cpuConsole + cpuPg), unit: "%" },
      console_cpu_percent: { value: round(cpuConsole), unit: "%" },
      ...(variant === "postgres" ? { postgres_cpu_percent: { value: round(cpuPg), unit: "%" } } : {}),
      rss_mb: { value: round(maxTotal), unit: "MB" },
      console_rss_mb: { value: round(maxConsole), unit: "MB" },
      ...(variant === "postgres" ? { postgres_rss_mb: { value: round(maxPg), unit: "MB" } } : {}),
      lag_p99_ms: { value: round(lag.p99UpperMs), unit: "ms" },
      lag_max_ms: { value: round(lag.maxMs), unit: "ms" },
      checks_per_s: { value: round(checksPerS), unit: "1/s" },
    };
    const record: RunRecord = {
      figures,
      details: {
        ...details,
        windowS: round(elapsedS),
        checkStates: states,
        lag: {
          starts: lag.starts,
          p99Bucket: lag.p99Bucket,
          meanMs: round(lag.meanMs, 2),
          maxExact: lag.maxExact,
          countsPerBucket: lag.counts,
          boundsMs: after.scheduler!.lagHistogram!.boundsMs,
        },
        schedulerAtEnd: { ...after.scheduler, lagHistogram: undefined },
        ...(pgKinds ? { postgresProcessesAtEnd: pgKinds } : {}),
        ...(walDir
          ? {
              embeddedWalMb: {
                windowStart: wal0,
                windowEnd: wal1,
                growthMbPerHour: round(((wal1 - wal0) / elapsedS) * 3600, 0),
              },
            }
          : {}),
      },
    };

    // The load really ran: the target saw the configured rate, and every declared check is up.
    // What was measured goes into the error, so a failed run still tells what happened.
    const expected = round(
      plan.checks.reduce((sum, c) => sum + 1000 / c.intervalMs, 0),
      3,
    );
    const problems: string[] = [];
    if (Math.abs(checksPerS - expected) > expected * RATE_TOLERANCE)
      problems.push(
        `the target answered ${round(checksPerS)} checks/s, expected ${expected} (within ${RATE_TOLERANCE * 100} %)`,
      );
    if (states.up !== plan.checks.length)
      problems.push(`not every check is up at the end: ${JSON.stringify(states)}`);
    if (problems.length)
      throw new Error(`${problems.join("; ")}\nmeasured: ${JSON.stringify(record, null, 1)}`);
    return record;
  } catch (error) {
    if (app) console.error(`console output:\n${app.tail()}`);
    throw error;
  } finally {
    await held?.release();
    await target?.release();
    await heldCopy?.release();
  }
}

/** Which of the console's housekeeping passes (roll-up and retention, every 60 s from its start) fall in the window. */
function housekeepingNote(): string {
  const passes = Math.floor((WARMUP_S + WINDOW_S) / 60) - Math.floor(WARMUP_S / 60);
  const first = WARMUP_S < 60 && WARMUP_S + WINDOW_S >= 60;
  return `window = ${WINDOW_S} s from ${WARMUP_S} s after the console answered; the console's housekeeping (roll-up, then retention) runs every 60 s from its start, so about ${passes} pass(es) fall in the window${first ? ", including the first, which rolls up the whole look-back (15 min of samples, 3 h of minutes, 2 days of hours) as after any restart" : ", all incremental (the first, full look-back pass is in the warm-up)"}`;
}

async function runVariant(variant: Variant, workDir: string): Promise<boolean> {
  STATS = STATS_OVERRIDE ?? defaultStats(variant);
  console.log(
    `\n##### check capacity: ${variant} database, history ${FILL === "none" ? "empty" : "steady state"}`,
  );
  const server = variant === "postgres" ? await durablePostgres() : undefined;
  if (server && !server.postmasterPid)
    throw new Error("cannot find the Postgres server's postmaster pid: its processes could not be counted");
  // The plan (checks, intervals, retention) from the very config the runs use; the port does not matter to it.
  const planned = planFromConfig(generateConfig(1), new Date());
  const variantDir = path.join(workDir, variant);
  mkdirSync(variantDir, { recursive: true });
  let template: Template | undefined;
  const fillStarted = performance.now();
  try {
    template =
      variant === "postgres"
        ? await postgresTemplate(server!, planned, variantDir)
        : await embeddedTemplate(planned, variantDir);
    const templateS = seconds(fillStarted);
    const plan = template.plan;
    const runs = await repeatRuns((run) => measureRun(variant, run, template!, plan, server, variantDir));
    const expected = expectedCounts(plan);
    const params: Record<string, unknown> = {
      database:
        variant === "postgres"
          ? "Postgres (BENCH_PG_URL, durable settings as shipped), a copy of the filled template database per run"
          : "embedded PGlite (as shipped: no fsync in PGlite's Node filesystem), a copy of the filled data folder per run",
      ...(server ? { postgresSettings: server.settings } : {}),
      topology: "one console process (npm start: scripts/server.mjs), monitor in-process, default log level",
      checks: plan.checks.length,
      services: SERVICES,
      checksPerService: CHECKS_PER_SERVICE,
      interval: INTERVAL,
      maxConcurrentChecks: 64,
      expectedChecksPerS: round(
        plan.checks.reduce((sum, c) => sum + 1000 / c.intervalMs, 0),
        3,
      ),
      runs: RUNS,
      warmupS: WARMUP_S,
      windowS: WINDOW_S,
      history:
        FILL === "none"
          ? "empty"
          : {
              what: "pre-filled to what the default retention holds after being full for a day, for exactly the checks of the config, then brought up to the run's start (below)",
              retention: {
                rawMs: plan.retention.raw,
                minuteRollupsMs: plan.retention.minutes,
                hourRollupsMs: plan.retention.hours,
                dayRollupsMs: DAY_RETENTION_MS,
              },
              rowsComputedFromConfig: expected,
              rowsCountedAfterFill: template.describe.rows,
              stateChanges: `no retention applies to StateChange; filled with what a console start writes (each service and stack null->unknown->up, each check null->up), assuming a restart every ${RESTART_EVERY_MS / 86_400_000} days over the 400 days of day roll-ups`,
              rows: "status up, message 'HTTP 200 in <n>ms', metrics null, latency 2-14 ms (mostly 2-5); roll-ups with total = bucket / interval, up = total, metrics null (what rollUp writes)",
              fill: "set-based INSERT ... SELECT FROM generate_series, raw samples in time order 5 minutes per statement, then VACUUM ANALYZE and CHECKPOINT",
              fillWallS: templateS,
              template: template.describe,
              perRun:
                "each run: a fresh copy of the template; topped up to the run's start (the raw samples since the fill's end, continuing each check's series, then the statements of rollUp(changedSince = fill end): runs[].details.toppedUp); rows past retention as of that moment deleted, as applyRetention would have (runs[].details.trimmedPastRetention), so the console's first housekeeping pass deletes one minute's worth as in steady state; then counted (runs[].details.rowsAtStart)",
              statistics:
                variant === "embedded"
                  ? STATS === "none"
                    ? "no VACUUM or ANALYZE after the fill (only a CHECKPOINT), as an embedded install has (PGlite runs single-user, without autovacuum); the console itself ANALYZEs the history tables on its first housekeeping pass after start (within the warm-up) and VACUUMs a table once a fifth of it changed since (lib/monitor/embedded-maintenance.ts; counted from its start, so not within a run's window)"
                    : "BENCH_FILL_STATS=analyze: the template is VACUUM ANALYZEd after the fill (the console analyzes again on its first housekeeping pass)"
                  : STATS === "none"
                    ? "BENCH_FILL_STATS=none: no VACUUM or ANALYZE after the fill; the server's autovacuum may analyze during the run"
                    : "the template is VACUUM ANALYZEd after the fill (a running server's autovacuum keeps statistics); per run only the top-up and trim are new (autovacuum may run on them during the window, as it would)",
            },
      cpu:
        variant === "postgres"
          ? "utime+stime (incl. reaped children) over the window, % of one core: cpu_percent = console (the spawned console process and its descendants) + postgres (the postmaster and all its descendants: backends, checkpointer, walwriter, autovacuum...)"
          : "utime+stime (incl. reaped children) of the spawned console process and its descendants over the window, % of one core",
      rss:
        variant === "postgres"
          ? "max over 1 s samples of console VmRSS (sum over its processes) + Postgres Pss (sum of /proc/<pid>/smaps_rollup Pss over the postmaster's tree: every backend maps shared_buffers, so summing their VmRSS would count those pages once per backend; Pss counts each shared page once in total); console_rss_mb and postgres_rss_mb are each one's own maximum"
          : "max over 1 s samples of VmRSS summed over the console's processes (PGlite runs on a thread of the console process, so it is in this figure)",
      lag: "scheduler lag (actual start - intended start of every check run) from the cumulative histogram in /api/v1/map scheduler.lagHistogram, read at the window's start and end; lag_p99_ms is the upper bound of the bucket holding the 99th percentile of the starts in between (nearest rank; buckets up to 1,2,5,10,20,50,100,150,200,250,500,1000,2500,5000 ms and above; so 250 means somewhere in (200, 250], which cannot show < 250), or lag_max_ms when that is lower; lag_max_ms the largest lag in the window (exact when it is a new maximum since start, else the top non-empty bucket's bound: runs[].details.lag.maxExact)",
      checksPerS: `requests answered by the target server (its own process, not counted) over the window; a run fails unless within ${RATE_TOLERANCE * 100} % of the configured rate and every declared check is up at the end`,
      window: housekeepingNote(),
    };
    const base = variant === "postgres" ? "check-capacity-postgres" : "check-capacity";
    const pass = finish(
      variant === "postgres" ? "check-capacity-postgres" : "check-capacity",
      runs,
      TARGETS,
      params,
      FILL === "none"
        ? `${base}-empty`
        : STATS === defaultStats(variant)
          ? base
          : `${base}-${STATS === "none" ? "nostats" : "analyzed"}`,
    );
    return pass;
  } finally {
    await template?.drop();
  }
}

async function main() {
  const which = process.env.BENCH_DATABASE ?? "embedded";
  const variants: Variant[] =
    which === "both"
      ? ["embedded", "postgres"]
      : which === "postgres"
        ? ["postgres"]
        : which === "embedded"
          ? ["embedded"]
          : [];
  if (variants.length === 0) throw new Error(`BENCH_DATABASE=${which}: expected embedded, postgres or both`);
  if (FILL !== "steady" && FILL !== "none") throw new Error(`BENCH_FILL=${FILL}: expected steady or none`);
  if (STATS_OVERRIDE !== undefined && STATS_OVERRIDE !== "analyze" && STATS_OVERRIDE !== "none")
    throw new Error(`BENCH_FILL_STATS=${STATS_OVERRIDE}: expected analyze or none`);
  const workDir = mkdtempSync(
    path.join(process.env.BENCH_FILL_DIR ?? os.tmpdir(), "opsdeck-bench-capacity-"),
  );
  let pass = true;
  await withCleanup(
    async () => {
      for (const v of variants) pass = (await runVariant(v, workDir)) && pass;
    },
    async () => {
      await releaseAll();
      if (!KEEP_FILL) rmSync(workDir, { recursive: true, force: true });
    },
  );
  process.exitCode = pass ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
