/**
 * The audit log at scale, in-process against scratch databases on the durable Postgres server
 * (BENCH_PG_URL: fsync, synchronous_commit and full_page_writes on, as shipped), migrated with
 * the project's migrations: append rate with the hash chain (AuditWriter, group commit, from a
 * fresh chain each run), filtered page queries on 1,000,000 records (listAuditEvents) and a full
 * verifyChain over them.
 *
 * One command: `npx tsx bench/audit.ts` (needs BENCH_PG_URL: `bash scripts/services.sh start bench`).
 * Environment: BENCH_RUNS (3), BENCH_APPENDS (20000 per run), BENCH_CALLERS (200),
 * BENCH_RECORDS (1000000), BENCH_QUERIES (200 per run), BENCH_FILL (`each`, the default: every
 * run grows its own appended chain to BENCH_RECORDS; `once`: run 1's is filled and every run's
 * queries and verification repeat on it), BENCH_KEEP_DB=1 keeps the (last) filled database for
 * EXPLAIN afterwards, BENCH_PROFILE_DIR writes a CPU profile of each append phase there (and its
 * top functions into the result; profiling slows the appends, so such a run's figures are not results).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { AppendResult } from "@/lib/audit/writer";
import { eventSource, seededRandom, type EventSource } from "./lib/audit-data";
import { fillChain } from "./lib/audit-fill";
import { filterShape, pageProblem, queryMix, referenceSeqs } from "./lib/audit-query-mix";
import { withCleanup } from "./lib/cleanup";
import { durablePostgres, type DurableServer } from "./lib/durable-postgres";
import { cpuSeconds, processTree } from "./lib/proc";
import { rerunWithReactServer } from "./lib/react-server";
import { finish, percentile, repeatRuns, ROOT_DIR, round, RUNS, type RunRecord } from "./lib/results";
import { scratchPostgres, type ScratchPostgres } from "./lib/scratch-postgres";

const APPENDS = Number(process.env.BENCH_APPENDS ?? 20_000);
const CALLERS = Number(process.env.BENCH_CALLERS ?? 200);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
// A fill to 1,000,000 records took 108 s (with VACUUM) on the durable server on a 2-vCPU machine
// busy with other work: short enough to fill once per run, so every run is independent.
const FILL = process.env.BENCH_FILL ?? "each";
const WARMUP_QUERIES = 10;
const SEED = 20261123;
const SPAN_MS = 90 * 86_400_000;
/** Single-row autocommit INSERTs timed on their own: the server's commit (WAL flush) latency. */
const COMMIT_PROBES = 200;
/** A CPU profile of this process during each run's append phase (not for figures: profiling slows it). */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/**
 * Self time per function (name, file) and per file (a package under node_modules counts as one),
 * largest first, in % of the profile's samples; "(idle)" is the main thread waiting (on Postgres).
 */
function topSelf(profile: CpuProfile, n: number) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const id of profile.samples) {
    const f = byId.get(id)!.callFrame;
    // Generated positions under tsx, so the file only (line numbers would mislead).
    const where = f.url.replace(`file://${ROOT_DIR}/`, "");
    add(fns, `${f.functionName || "(anonymous)"} ${where}`.trim());
    add(
      files,
      /^node_modules\//.test(where)
        ? where
            .split("/")
            .slice(0, where.includes("/@") ? 3 : 2)
            .join("/")
        : where || f.functionName || "(program)",
    );
  }
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, count]) => ({ name, percent: round((count / profile.samples.length) * 100, 1) }));
  return { functions: top(fns), files: top(files) };
}

/** A failed sanity check: the run is broken, so no figure from it may be reported. */
function insist(ok: boolean, what: string): void {
  if (!ok) throw new Error(`sanity check failed: ${what}`);
}

type Modules = {
  AuditWriter: typeof import("@/lib/audit/writer").AuditWriter;
  listAuditEvents: typeof import("@/lib/audit/queries").listAuditEvents;
  verifyChain: typeof import("@/lib/audit/verify").verifyChain;
  auditFilterSchema: typeof import("@/lib/audit/schemas").auditFilterSchema;
};

/** The database the queries and the verification run on: RECORDS chained records. */
interface Filled {
  scratch: ScratchPostgres;
  from: Date;
  fillSeconds: number;
  rows: number;
  bytes: number;
}

async function withClient<T>(url: string, use: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Server-wide WAL counters (pg_stat_wal, Postgres 14+): on a quiet server, what the appends cost. */
async function walStats(adminUrl: string) {
  return withClient(adminUrl, async (c) => {
    const { rows } = await c.query<{
      wal_records: string;
      wal_bytes: string;
      wal_write: string;
      wal_sync: string;
    }>("SELECT wal_records::text, wal_bytes::text, wal_write::text, wal_sync::text FROM pg_stat_wal");
    const r = rows[0];
    return {
      records: Number(r.wal_records),
      bytes: Number(r.wal_bytes),
      writes: Number(r.wal_write),
      syncs: Number(r.wal_sync),
    };
  });
}

/** p50/p95 of COMMIT_PROBES single-row autocommit INSERTs on a scratch table: one WAL flush each. */
async function commitLatency(url: string) {
  return withClient(url, async (c) => {
    await c.query("CREATE TABLE bench_commit_probe (id int)");
    const ms: number[] = [];
    for (let i = 0; i < COMMIT_PROBES; i++) {
      const t = performance.now();
      await c.query("INSERT INTO bench_commit_probe VALUES ($1)", [i]);
      ms.push(performance.now() - t);
    }
    await c.query("DROP TABLE bench_commit_probe");
    return { p50: round(percentile(ms, 50), 2), p95: round(percentile(ms, 95), 2) };
  });
}

/**
 * CALLERS callers, each awaiting its append before the next (like requests), on a fresh chain.
 * Besides the rate: how many commits carried them (distinct xmin of the rows), the CPU of this
 * process (writer, Prisma, hashing, the callers) and of the Postgres server, and WAL flushes.
 */
async function appendPhase(
  m: Modules,
  server: DurableServer,
  scratch: ScratchPostgres,
  source: EventSource,
  journalDir: string,
  run: number,
) {
  const { db, url } = scratch;
  const commit = await commitLatency(url);
  const writer = new m.AuditWriter({
    db: async () => db,
    journalFile: path.join(journalDir, `journal-${scratch.name}.jsonl`),
  });
  try {
    insist(
      (await writer.append(source.input())).storedIn === "database",
      "warm-up append reached the database",
    );
    const latencies: number[] = [];
    const results: AppendResult[] = [];
    const perCaller = Math.ceil(APPENDS / CALLERS);
    // Inputs are made beforehand, so generating them is not counted as the writer's time.
    const inputs = Array.from({ length: CALLERS }, () =>
      Array.from({ length: perCaller }, () => source.input()),
    );
    const session = PROFILE_DIR ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 200 });
      await session.post("Profiler.start");
    }
    const pgPids = server.postmasterPid ? processTree(server.postmasterPid) : [];
    const wal0 = await walStats(server.adminUrl);
    const pg0 = cpuSeconds(pgPids);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      inputs.map(async (mine) => {
        for (const input of mine) {
          const t = performance.now();
          results.push(await writer.append(input));
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    let profile: { file: string; top: ReturnType<typeof topSelf> } | undefined;
    if (session) {
      const { profile: p } = (await session.post("Profiler.stop")) as unknown as { profile: CpuProfile };
      session.disconnect();
      mkdirSync(PROFILE_DIR!, { recursive: true });
      const file = path.join(PROFILE_DIR!, `audit-append-run${run + 1}.cpuprofile`);
      writeFileSync(file, JSON.stringify(p));
      profile = { file, top: topSelf(p, 20) };
    }
    const pgCpu = cpuSeconds(pgPids) - pg0;
    const wal1 = await walStats(server.adminUrl);
    const appended = results.length;
    insist(appended === perCaller * CALLERS, `all ${perCaller * CALLERS} appends resolved`);
    insist(
      results.every((r) => r.storedIn === "database") && writer.pendingInJournal === 0,
      "every append was committed to the database (none fell back to the journal)",
    );
    const commits = await withClient(url, async (c) => {
      const { rows } = await c.query<{ n: string }>(
        `SELECT count(DISTINCT xmin::text)::text AS n FROM "AuditEvent" WHERE seq > 1`,
      );
      return Number(rows[0].n);
    });
    const verified = await m.verifyChain(db, { pgUrl: url });
    insist(
      verified.ok && verified.checked === appended + 1,
      `chain of ${appended + 1} appended records verifies (got ${JSON.stringify(verified)})`,
    );
    return {
      perS: Math.round(appended / seconds),
      appended,
      seconds: round(seconds, 2),
      latencyMs: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)) },
      commits,
      recordsPerCommit: round(appended / commits, 1),
      msPerCommit: round((seconds * 1000) / commits, 2),
      commitLatencyMs: commit,
      benchCpuPercent: round(((cpu.user + cpu.system) / 1e6 / seconds) * 100),
      pgCpuPercent: server.postmasterPid ? round((pgCpu / seconds) * 100) : null,
      ...(profile ? { profile } : {}),
      wal: {
        records: wal1.records - wal0.records,
        mb: round((wal1.bytes - wal0.bytes) / 1024 ** 2),
        writes: wal1.writes - wal0.writes,
        syncs: wal1.syncs - wal0.syncs,
      },
    };
  } finally {
    writer.close();
  }
}

/**
 * Grows the chain to RECORDS records, times over the next 90 days, then VACUUM (ANALYZE) as
 * autovacuum would, and CHECKPOINT: a log that took months to grow has long had its pages
 * written; without it the ~600 MB the fill and VACUUM dirtied were being written and synced while
 * the next phases ran, which is the fill's cost, not a query's or the verification's.
 */
async function fillPhase(
  scratch: ScratchPostgres,
  source: EventSource,
  random: () => number,
): Promise<Filled> {
  const { db, url } = scratch;
  const head = await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  insist(head !== null, "the appended records are there");
  const from = new Date();
  const t0 = performance.now();
  let printed = 0;
  await fillChain({
    url,
    head: { seq: Number(head!.seq), hash: head!.hash },
    total: RECORDS,
    source,
    random,
    from,
    spanMs: SPAN_MS,
    onProgress: (seq) => {
      if (Math.floor(seq / 100_000) > printed) console.log(`  ${seq} records`);
      printed = Math.floor(seq / 100_000);
    },
  });
  const stats = await withClient(url, async (c) => {
    await c.query(`VACUUM (ANALYZE) "AuditEvent"`);
    await c.query(`CHECKPOINT`);
    const { rows } = await c.query<{ count: string; bytes: string }>(
      `SELECT count(*)::text AS count, pg_total_relation_size('"AuditEvent"')::text AS bytes FROM "AuditEvent"`,
    );
    return { rows: Number(rows[0].count), bytes: Number(rows[0].bytes) };
  });
  insist(stats.rows === RECORDS, `table holds ${RECORDS} records (has ${stats.rows})`);
  const fillSeconds = round((performance.now() - t0) / 1000, 1);
  console.log(`fill to ${RECORDS} records, VACUUM (ANALYZE) and CHECKPOINT: ${fillSeconds} s`);
  return { scratch, from, fillSeconds, ...stats };
}

/** Filtered page queries as the audit page sends them (parsed by the page's own schema), each checked against plain SQL. */
async function queryPhase(m: Modules, filled: Filled, random: () => number) {
  const { db, url } = filled.scratch;
  const mix = queryMix(WARMUP_QUERIES + QUERIES, random, { from: filled.from, ms: SPAN_MS, maxSeq: RECORDS });
  const samples: { ms: number; shape: string; events: number; filter: Record<string, string> }[] = [];
  await withClient(url, async (reference) => {
    for (const [i, raw] of mix.entries()) {
      const t = performance.now();
      const page = await m.listAuditEvents(db, m.auditFilterSchema.parse(raw));
      const ms = performance.now() - t;
      const problem = pageProblem(raw, page.events);
      insist(problem === null, `query ${JSON.stringify(raw)} answers its filter: ${problem}`);
      const expected = (await referenceSeqs(reference, raw)).join(",");
      insist(
        page.events.map((e) => e.seq).join(",") === expected,
        `query ${JSON.stringify(raw)} returns the same page as plain SQL`,
      );
      if (i >= WARMUP_QUERIES)
        samples.push({ ms: round(ms, 2), shape: filterShape(raw), events: page.events.length, filter: raw });
    }
  });
  const nonEmpty = samples.filter((s) => s.events > 0).length;
  insist(nonEmpty >= QUERIES / 4, `at least a quarter of the queries find events (${nonEmpty}/${QUERIES})`);
  return { samples, nonEmpty };
}

async function main() {
  if (FILL !== "once" && FILL !== "each") throw new Error(`BENCH_FILL must be once or each, not ${FILL}`);
  const server = await durablePostgres();
  const m: Modules = {
    AuditWriter: (await import("@/lib/audit/writer")).AuditWriter,
    listAuditEvents: (await import("@/lib/audit/queries")).listAuditEvents,
    verifyChain: (await import("@/lib/audit/verify")).verifyChain,
    auditFilterSchema: (await import("@/lib/audit/schemas")).auditFilterSchema,
  };
  const journalDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-audit-"));
  const keep = process.env.BENCH_KEEP_DB === "1";
  // Every scratch database still to drop (a run drops its own; Ctrl-C or an error drops the rest).
  const open = new Set<ScratchPostgres>();
  let shared: Filled | undefined;
  /** With BENCH_KEEP_DB=1: the filled database left behind (the shared one, or the last run's). */
  let kept: ScratchPostgres | undefined;
  await withCleanup(
    async () => {
      const loadBefore = os.loadavg().map((l) => round(l, 2));
      const once = async (run: number): Promise<RunRecord> => {
        const random = seededRandom(SEED + run);
        const source = eventSource(random);
        const scratch = await scratchPostgres(server.adminUrl, "opsdeck_bench_audit");
        open.add(scratch);
        const append = await appendPhase(m, server, scratch, source, journalDir, run);
        console.log(
          `append: ${append.perS} records/s (${append.appended} in ${append.seconds} s, ${append.commits} commits of ${append.recordsPerCommit} records, ${append.msPerCommit} ms each; single-row commit p50 ${append.commitLatencyMs.p50} ms; CPU bench ${append.benchCpuPercent} %, postgres ${append.pgCpuPercent ?? "?"} %)`,
        );
        let filled: Filled;
        if (FILL === "each" || !shared) {
          filled = await fillPhase(scratch, source, random);
          if (FILL === "once") shared = filled;
        } else {
          filled = shared;
          await scratch.drop();
          open.delete(scratch);
        }
        // With one fill, each run's queries are a different draw of the same mix.
        const query = await queryPhase(m, filled, FILL === "once" ? seededRandom(SEED + 1000 + run) : random);
        const verifyStart = performance.now();
        const verified = await m.verifyChain(filled.scratch.db, { pgUrl: filled.scratch.url });
        const verifySeconds = (performance.now() - verifyStart) / 1000;
        insist(
          verified.ok && verified.checked === RECORDS,
          `all ${RECORDS} records verify (${JSON.stringify(verified)})`,
        );
        if (keep) kept = filled.scratch;
        if (FILL === "each" && !(keep && run === RUNS - 1)) {
          await filled.scratch.drop();
          open.delete(filled.scratch);
        }
        const ms = query.samples.map((s) => s.ms);
        const byShape = new Map<string, number[]>();
        for (const s of query.samples) byShape.set(s.shape, [...(byShape.get(s.shape) ?? []), s.ms]);
        return {
          figures: {
            append_per_s: { value: append.perS, unit: "records/s" },
            query_p50_ms: { value: round(percentile(ms, 50)), unit: "ms" },
            query_p95_ms: { value: round(percentile(ms, 95)), unit: "ms" },
            verify_1m_s: { value: round(verifySeconds, 2), unit: "s" },
          },
          details: {
            append: append,
            fill_seconds: filled.fillSeconds,
            filled_database: FILL === "once" ? "shared (filled in run 1)" : "this run's",
            table_mb: round(filled.bytes / 1024 ** 2),
            non_empty_pages: query.nonEmpty,
            query_max_ms: round(Math.max(...ms)),
            query_p95_by_shape_ms: Object.fromEntries(
              [...byShape].map(([k, v]) => [k, { n: v.length, p95: round(percentile(v, 95)) }]),
            ),
            slowest_queries: [...query.samples].sort((a, b) => b.ms - a.ms).slice(0, 5),
            verify_ms_reported: verified.ms,
          },
        };
      };
      const runs = await repeatRuns(once);
      const settings = await withClient(server.adminUrl, async (c) => {
        const { rows } = await c.query<{ name: string; setting: string }>(
          `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name IN
             ('work_mem','random_page_cost','effective_cache_size','wal_sync_method','commit_delay','max_wal_size','checkpoint_timeout')`,
        );
        return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
      });
      const pass = finish(
        "audit",
        runs,
        { append_per_s: { min: 5000 }, query_p95_ms: { max: 50 }, verify_1m_s: { max: 10 } },
        {
          runs: RUNS,
          database:
            "scratch databases on the durable BENCH_PG_URL server, migrated with prisma/migrations; in-process Prisma client built like lib/infra/db.ts (pool 10)",
          postgres: { ...server.settings, ...settings },
          append_per_s: `per run a fresh scratch database (a fresh chain): ${CALLERS} concurrent callers, each awaiting its AuditWriter.append before the next (group commit: callers arriving during a batch's commit go in the next one), ${Math.ceil(APPENDS / CALLERS) * CALLERS} appends after one warm-up append; records / wall seconds from the first append to the last resolving; every append in the database (none in the journal) and the chain verified afterwards`,
          append_diagnostics:
            "runs[].details.append: commits (distinct xmin of the appended rows), records per commit, wall ms per commit, single-row autocommit INSERT latency (the server's commit/WAL flush floor), CPU % of one core of this process (writer, Prisma, hashing) and of the Postgres server's processes, pg_stat_wal deltas (server-wide)",
          records: RECORDS,
          fill:
            FILL === "once"
              ? `${RUNS} repetitions on one filled database: run 1's appended chain is grown to ${RECORDS} records (bench/lib/audit-fill.ts, chained with the app's hashRecord, times over 90 days), VACUUM (ANALYZE), CHECKPOINT; every run's queries and verification run on it; each run's appends on its own fresh database`
              : `a fill per run: that run's appended chain grown to ${RECORDS} records (bench/lib/audit-fill.ts, chained with the app's hashRecord, times over 90 days), then VACUUM (ANALYZE) and CHECKPOINT (a settled database); queries and verification on it; the database dropped after the run`,
          query_p95_ms: `per run ${QUERIES} filtered page queries (listAuditEvents, limit 100, 1 to 3 of actor/action/target/outcome/time and sometimes a before cursor; seeded, ${FILL === "once" ? "a different draw each run" : "same mix per run"}) after ${WARMUP_QUERIES} warm-ups; each page checked against plain SQL; p50 and p95 of their times`,
          verify_1m_s: `verifyChain over all ${RECORDS} records (its worker threads, from ${100_000} records on), wall seconds`,
          seed: SEED,
          load_avg_1_5_15: { before: loadBefore, after: os.loadavg().map((l) => round(l, 2)) },
        },
      );
      process.exitCode = pass ? 0 : 1;
    },
    async () => {
      for (const s of open) {
        await s.drop(s === kept).catch((e) => console.error(`could not drop ${s.name}:`, e));
        if (s === kept) console.log(`kept scratch database: ${s.url}`);
      }
      rmSync(journalDir, { recursive: true, force: true });
    },
  );
}

if (!rerunWithReactServer())
  main().catch((error) => {
    console.error(error);
    process.exit(2);
  });
