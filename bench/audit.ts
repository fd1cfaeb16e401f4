/**
 * The audit log at scale, in-process against a scratch Postgres database migrated with the
 * project's migrations: append rate with the hash chain (AuditWriter, group commit), filtered
 * page queries on 1,000,000 records (listAuditEvents) and a full verifyChain over them.
 * One command: `npx tsx bench/audit.ts` (needs TEST_DATABASE_URL, a Postgres superuser URL).
 * Environment: BENCH_APPENDS (20000), BENCH_CALLERS (200), BENCH_RECORDS (1000000),
 * BENCH_QUERIES (200), BENCH_KEEP_DB=1 keeps the scratch database for EXPLAIN afterwards.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { AppendResult } from "@/lib/audit/writer";
import { eventSource, seededRandom } from "./lib/audit-data";
import { fillChain } from "./lib/audit-fill";
import { filterShape, pageProblem, queryMix, referenceSeqs } from "./lib/audit-query-mix";
import { withCleanup } from "./lib/cleanup";
import { rerunWithReactServer } from "./lib/react-server";
import { percentile, report, round, writeResult, type Figure } from "./lib/results";
import { scratchPostgres, type ScratchPostgres } from "./lib/scratch-postgres";

const APPENDS = Number(process.env.BENCH_APPENDS ?? 20_000);
const CALLERS = Number(process.env.BENCH_CALLERS ?? 200);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const WARMUP_QUERIES = 10;
const SEED = 20261123;
const SPAN_MS = 90 * 86_400_000;

/** A failed sanity check: the run is broken, so no figure from it may be reported. */
function insist(ok: boolean, what: string): void {
  if (!ok) throw new Error(`sanity check failed: ${what}`);
}

async function main() {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set: eval "$(bash scripts/services.sh env)"');
  const { AuditWriter } = await import("@/lib/audit/writer");
  const { listAuditEvents } = await import("@/lib/audit/queries");
  const { verifyChain } = await import("@/lib/audit/verify");
  const { auditFilterSchema } = await import("@/lib/audit/schemas");

  const journalDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-audit-"));
  let scratch: ScratchPostgres | undefined;
  let writer: InstanceType<typeof AuditWriter> | undefined;
  await withCleanup(
    async () => {
      const phases: Record<string, number> = {};
      const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
        const t = performance.now();
        const out = await run();
        phases[name] = round((performance.now() - t) / 1000, 1);
        console.log(`${name}: ${phases[name]} s`);
        return out;
      };
      const loadBefore = os.loadavg().map((l) => round(l, 2));
      scratch = await scratchPostgres(adminUrl, "opsdeck_bench_audit");
      const { db, url } = scratch;
      const random = seededRandom(SEED);
      const source = eventSource(random);

      // 1. Appends: CALLERS callers, each awaiting its append before the next, like requests.
      writer = new AuditWriter({
        db: async () => db,
        journalFile: path.join(journalDir, "audit-journal.jsonl"),
      });
      const w = writer;
      insist((await w.append(source.input())).storedIn === "database", "warm-up append reached the database");
      const latencies: number[] = [];
      const results: AppendResult[] = [];
      const perCaller = Math.ceil(APPENDS / CALLERS);
      const appendStart = performance.now();
      await phase("append", () =>
        Promise.all(
          Array.from({ length: CALLERS }, async () => {
            for (let i = 0; i < perCaller; i++) {
              const t = performance.now();
              results.push(await w.append(source.input()));
              latencies.push(performance.now() - t);
            }
          }),
        ),
      );
      const appendSeconds = (performance.now() - appendStart) / 1000;
      const appended = results.length;
      insist(appended === perCaller * CALLERS, `all ${perCaller * CALLERS} appends resolved`);
      insist(
        results.every((r) => r.storedIn === "database") && w.pendingInJournal === 0,
        "every append was committed to the database (none fell back to the journal)",
      );
      const afterAppend = await phase("verify after appends", () => verifyChain(db, { pgUrl: url }));
      insist(
        afterAppend.ok && afterAppend.checked === appended + 1,
        `chain of ${appended + 1} appended records verifies (got ${JSON.stringify(afterAppend)})`,
      );

      // 2. Fill to RECORDS chained records, times increasing over the following 90 days.
      const head = await db.auditEvent.findFirst({
        orderBy: { seq: "desc" },
        select: { seq: true, hash: true },
      });
      insist(head !== null, "the appended records are there");
      const from = new Date();
      let printed = 0;
      await phase("fill", () =>
        fillChain({
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
        }),
      );
      const stats = await phase("vacuum analyze", async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          // What autovacuum does to a table that grew by a million rows: statistics, visibility map.
          await client.query(`VACUUM (ANALYZE) "AuditEvent"`);
          const size = await client.query<{ count: string; bytes: string }>(
            `SELECT count(*)::text AS count, pg_total_relation_size('"AuditEvent"')::text AS bytes FROM "AuditEvent"`,
          );
          const settings = await client.query<{ name: string; setting: string }>(
            `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name IN
               ('server_version','shared_buffers','fsync','synchronous_commit','work_mem','random_page_cost','lc_collate')`,
          );
          return {
            rows: Number(size.rows[0].count),
            bytes: Number(size.rows[0].bytes),
            settings: settings.rows,
          };
        } finally {
          await client.end();
        }
      });
      insist(stats.rows === RECORDS, `table holds ${RECORDS} records (has ${stats.rows})`);

      // 3. Filtered page queries, as the audit page sends them (parsed by the page's own schema).
      const mix = queryMix(WARMUP_QUERIES + QUERIES, random, { from, ms: SPAN_MS, maxSeq: RECORDS });
      const samples: { ms: number; shape: string; events: number; filter: Record<string, string> }[] = [];
      const reference = new pg.Client({ connectionString: url });
      await reference.connect();
      await phase("queries", async () => {
        try {
          for (const [i, raw] of mix.entries()) {
            const t = performance.now();
            const page = await listAuditEvents(db, auditFilterSchema.parse(raw));
            const ms = performance.now() - t;
            const problem = pageProblem(raw, page.events);
            insist(problem === null, `query ${JSON.stringify(raw)} answers its filter: ${problem}`);
            const expected = (await referenceSeqs(reference, raw)).join(",");
            insist(
              page.events.map((e) => e.seq).join(",") === expected,
              `query ${JSON.stringify(raw)} returns the same page as plain SQL`,
            );
            if (i >= WARMUP_QUERIES)
              samples.push({
                ms: round(ms, 2),
                shape: filterShape(raw),
                events: page.events.length,
                filter: raw,
              });
          }
        } finally {
          await reference.end();
        }
      });
      const nonEmpty = samples.filter((s) => s.events > 0).length;
      insist(
        nonEmpty >= QUERIES / 4,
        `at least a quarter of the queries find events (${nonEmpty}/${QUERIES})`,
      );

      // 4. Full verification of the chain.
      const verifyStart = performance.now();
      const verified = await verifyChain(db, { pgUrl: url });
      const verifySeconds = (performance.now() - verifyStart) / 1000;
      phases.verify = round(verifySeconds, 1);
      insist(
        verified.ok && verified.checked === RECORDS,
        `all ${RECORDS} records verify (${JSON.stringify(verified)})`,
      );

      const ms = samples.map((s) => s.ms);
      const figures: Record<string, Figure> = {
        append_per_s: { value: Math.round(appended / appendSeconds), unit: "records/s" },
        query_p50_ms: { value: round(percentile(ms, 50)), unit: "ms" },
        query_p95_ms: { value: round(percentile(ms, 95)), unit: "ms" },
        verify_1m_s: { value: round(verifySeconds, 2), unit: "s" },
      };
      const byShape = new Map<string, number[]>();
      for (const s of samples) byShape.set(s.shape, [...(byShape.get(s.shape) ?? []), s.ms]);
      const file = writeResult("audit", figures, {
        database: `scratch database on TEST_DATABASE_URL's server`,
        postgres: Object.fromEntries(stats.settings.map((s) => [s.name, s.setting])),
        appends: appended,
        callers: CALLERS,
        append_latency_ms: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)) },
        records: RECORDS,
        table_mb: round(stats.bytes / 1024 ** 2),
        queries: QUERIES,
        warmup_queries: WARMUP_QUERIES,
        non_empty_pages: nonEmpty,
        query_max_ms: round(Math.max(...ms)),
        query_p95_by_shape_ms: Object.fromEntries(
          [...byShape].map(([k, v]) => [k, { n: v.length, p95: round(percentile(v, 95)) }]),
        ),
        slowest_queries: [...samples].sort((a, b) => b.ms - a.ms).slice(0, 10),
        verify_ms_reported: verified.ms,
        phase_seconds: phases,
        // Other work on a shared machine shows here: a busy machine explains slow figures.
        load_avg_1_5_15: { before: loadBefore, after: os.loadavg().map((l) => round(l, 2)) },
        seed: SEED,
      });
      console.log("");
      const appendPass = figures.append_per_s.value >= 2000;
      console.log(
        `${"append_per_s".padEnd(12)} ${String(figures.append_per_s.value).padStart(8)} records/s target >= 2000  ${appendPass ? "PASS" : "FAIL"}`,
      );
      report("query_p50_ms", figures.query_p50_ms);
      const queryPass = report("query_p95_ms", figures.query_p95_ms, { max: 50 });
      const verifyPass = report("verify_1m_s", figures.verify_1m_s, { max: 10 });
      console.log(`wrote ${file}`);
      process.exitCode = appendPass && queryPass && verifyPass ? 0 : 1;
    },
    async () => {
      writer?.close();
      const keep = process.env.BENCH_KEEP_DB === "1";
      await scratch?.drop(keep);
      if (scratch && keep) console.log(`kept scratch database: ${scratch.url}`);
      rmSync(journalDir, { recursive: true, force: true });
    },
  );
}

if (!rerunWithReactServer())
  main().catch((error) => {
    console.error(error);
    process.exit(2);
  });
