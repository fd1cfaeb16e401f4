/**
 * Schedules (issue 12, `bench/results/schedules.json`):
 * - `schedule_start_p99_ms` (target < 2 s): 100 schedules due in the same second, each running
 *   its own declared `http` action against a local receiver; per occurrence, the action run's
 *   `startedAt` (ActionRun) minus the time it was due (ScheduleRun.occurrence). The run's value is
 *   the nearest-rank p99 of the 100 delays (the 99th smallest); p50 and max are in the details.
 * - `schedule_claim_p99_ms` (no target): the same for ScheduleRun.startedAt, when the scheduler
 *   took the claimed occurrence off its queue and began to start it.
 * - `import_ms` (target < 1 s): `measureImport()` of bench/import-runbook.ts (a 2,000-line
 *   runbook through `importRunbook`), called once per run; the run's value is the median of its
 *   timed samples.
 * Every run is independent: its own receiver process, scratch database on the durable Postgres
 * server (BENCH_PG_URL), config file and console (the production build as `npm start` runs it,
 * default log level), with Redis for the action locks.
 *
 * One command: `npx tsx bench/schedules.ts` (needs a build, BENCH_PG_URL and TEST_REDIS_URL).
 * Environment: BENCH_RUNS (3), BENCH_SCHEDULES (100), BENCH_LEAD_S (25: at least this long from
 * the console being ready to the occurrence), BENCH_MAX_CONCURRENT_RUNS (unset: the shipped
 * default of settings.schedules.maxConcurrentRuns; set, the result goes to
 * results/schedules-max-<n>.json), BENCH_REDIS_URL (default TEST_REDIS_URL).
 */
import { fork, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { fetchJson } from "./lib/action-client";
import { withCleanup } from "./lib/cleanup";
import { signIn, startConsoleApp, type ConsoleApp } from "./lib/console-app";
import { durablePostgres, scratchOnDurable, type DurableServer } from "./lib/durable-postgres";
import {
  BENCH_DIR,
  finish,
  median,
  percentile,
  repeatRuns,
  round,
  RUNS,
  type RunRecord,
} from "./lib/results";
import type { ScratchDatabase } from "./lib/scratch-database";

const SCHEDULES = Number(process.env.BENCH_SCHEDULES ?? 100);
/** The console must be ready at least this long before the occurrence. */
const LEAD_MS = Number(process.env.BENCH_LEAD_S ?? 25) * 1000;
/** What the console's start may take when the occurrence is chosen (before it is spawned). */
const START_ALLOWANCE_MS = 30_000;
/** After the occurrence, every run must have finished within this. */
const FINISH_TIMEOUT_MS = 120_000;
const MAX_CONCURRENT = process.env.BENCH_MAX_CONCURRENT_RUNS
  ? Number(process.env.BENCH_MAX_CONCURRENT_RUNS)
  : undefined;
const SERVICE_ID = "sched-target";
const FINAL = ["succeeded", "failed", "skipped", "missed", "cancelled"];

const scheduleId = (i: number) => `bench-${String(i).padStart(3, "0")}`;
const actionId = (i: number) => `call-${String(i).padStart(3, "0")}`;
const hitPath = (i: number) => `/hit/${String(i).padStart(3, "0")}`;

/** Six fields, seconds first: every day at this UTC second, as a nightly job is written (one occurrence per run). */
function cronAt(at: Date): string {
  return `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
}

/** One external service with N declared `http` actions, and N schedules each running one of them at `cron`. */
function scheduleConfig(o: { port: number; cron: string }): string {
  const lines = [
    "version: 1",
    "settings:",
    "  discoverContainers: false",
    "  actions:",
    "    enabled: true",
    "  schedules:",
    "    timeZone: UTC",
    ...(MAX_CONCURRENT !== undefined ? [`    maxConcurrentRuns: ${MAX_CONCURRENT}`] : []),
    "services:",
    `  - id: ${SERVICE_ID}`,
    "    name: Schedule target",
    "    actions:",
  ];
  for (let i = 0; i < SCHEDULES; i++)
    lines.push(
      `      - id: ${actionId(i)}`,
      "        kind: http",
      `        url: http://127.0.0.1:${o.port}${hitPath(i)}`,
      "        expect: [status == 200]",
    );
  lines.push("schedules:");
  for (let i = 0; i < SCHEDULES; i++)
    lines.push(
      `  - id: ${scheduleId(i)}`,
      `    cron: "${o.cron}"`,
      `    action: { service: ${SERVICE_ID}, action: ${actionId(i)} }`,
    );
  return `${lines.join("\n")}\n`;
}

// --- The receiver: its own process (its CPU is not the console's), 200 at once, counts and stamps each request.

interface Receiver {
  port: number;
  /** Arrival times (epoch ms) of the requests, by path. */
  report(): Promise<Record<string, number[]>>;
  stop(): void;
}

type ReceiverMessage = { port: number } | { hits: Record<string, number[]> };

async function startReceiver(): Promise<Receiver> {
  const child: ChildProcess = fork(import.meta.filename, ["--receiver"], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = () =>
    new Promise<ReceiverMessage>((resolve, reject) => {
      child.once("message", (m) => resolve(m as ReceiverMessage));
      child.once("exit", (code) => reject(new Error(`receiver exited (${code})`)));
    });
  const first = await next();
  if (!("port" in first)) throw new Error("the receiver did not report its port");
  return {
    port: first.port,
    async report() {
      const reply = next();
      child.send("report");
      const m = await reply;
      if (!("hits" in m)) throw new Error("the receiver did not report its requests");
      return m.hits;
    },
    stop: () => void child.kill("SIGTERM"),
  };
}

function serveReceiver() {
  const hits: Record<string, number[]> = {};
  const body = '{"status":"ok"}';
  const server = createServer((req, res) => {
    (hits[req.url ?? ""] ??= []).push(performance.timeOrigin + performance.now());
    req.resume();
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    res.end(body);
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
  });
  process.on("message", () => process.send?.({ hits }));
  process.on("disconnect", () => process.exit(0));
}

// --- The runbook import figure, from the other half of issue 12's benchmarks.

type MeasureImport = () => Promise<{ lines: number; runs: number[] }>;

async function loadMeasureImport(): Promise<MeasureImport> {
  const file = path.join(BENCH_DIR, "import-runbook.ts");
  if (!existsSync(file))
    throw new Error(
      "import_ms: bench/import-runbook.ts (exporting measureImport(): Promise<{ lines; runs }>) does not exist yet; it is written with lib/runbook-import",
    );
  const mod = (await import(file)) as { measureImport?: unknown };
  if (typeof mod.measureImport !== "function")
    throw new Error("import_ms: bench/import-runbook.ts does not export measureImport()");
  return mod.measureImport as MeasureImport;
}

// --- One run.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Row {
  scheduleId: string;
  trigger: string;
  status: string;
  message: string | null;
  occurrence: number;
  startedAt: number | null;
  finishedAt: number | null;
  actionRunId: string | null;
  actionStatus: string | null;
  actionStartedAt: number | null;
  actionFinishedAt: number | null;
}

const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

async function readRuns(client: pg.Client): Promise<Row[]> {
  // timestamp(3) columns hold UTC; extract(epoch) of a timestamp without time zone reads it as UTC.
  const { rows } = await client.query<Row>(`
    SELECT r."scheduleId", r."trigger", r."status", r."message", r."actionRunId",
           ${ms('r."occurrence"')} AS "occurrence", ${ms('r."startedAt"')} AS "startedAt",
           ${ms('r."finishedAt"')} AS "finishedAt", a."status" AS "actionStatus",
           ${ms('a."startedAt"')} AS "actionStartedAt", ${ms('a."finishedAt"')} AS "actionFinishedAt"
    FROM "ScheduleRun" r LEFT JOIN "ActionRun" a ON a."id" = r."actionRunId"
    ORDER BY r."scheduleId"`);
  return rows;
}

/** The most intervals [start, end) open at one instant. */
function mostAtOnce(intervals: [number, number][]): number {
  const edges = intervals.flatMap(([s, e]) => [
    [s, 1],
    [e, -1],
  ]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, d] of edges) most = Math.max(most, (open += d));
  return most;
}

function spread(samples: number[]) {
  return {
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    min: round(Math.min(...samples)),
    max: round(Math.max(...samples)),
  };
}

async function once(
  run: number,
  o: { server: DurableServer; redisUrl: string; measureImport: MeasureImport },
): Promise<RunRecord> {
  let app: ConsoleApp | undefined;
  let receiver: Receiver | undefined;
  let scratch: ScratchDatabase | undefined;
  let client: pg.Client | undefined;
  let configDir: string | undefined;
  let record: RunRecord | undefined;
  await withCleanup(
    async () => {
      // The import first, with nothing else of the run started yet.
      const imported = await o.measureImport();
      if (imported.lines < 2000 || imported.runs.length === 0)
        throw new Error(
          `import_ms: measureImport() imported ${imported.lines} lines in ${imported.runs.length} timed samples`,
        );
      const importMs = median(imported.runs);
      console.log(`import of ${imported.lines} lines: ${imported.runs.join(", ")} ms (median ${importMs})`);

      receiver = await startReceiver();
      scratch = await scratchOnDurable(o.server, "opsdeck_bench_sched");
      const occurrence = new Date(Math.ceil((Date.now() + START_ALLOWANCE_MS + LEAD_MS) / 1000) * 1000);
      const cron = cronAt(occurrence);
      configDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-sched-"));
      const configPath = path.join(configDir, "opsdeck.yml");
      writeFileSync(configPath, scheduleConfig({ port: receiver.port, cron }));

      const spawnedAt = Date.now();
      app = await startConsoleApp({
        configPath,
        env: { DATABASE_URL: scratch.url, REDIS_URL: o.redisUrl },
      });
      const readyAt = Date.now();
      const leadMs = occurrence.getTime() - readyAt;
      console.log(
        `console on ${app.baseUrl} (server pid ${app.serverPid}) ready in ${readyAt - spawnedAt} ms; ${SCHEDULES} schedules due at ${occurrence.toISOString()} ("${cron}" UTC), in ${(leadMs / 1000).toFixed(1)} s`,
      );
      if (leadMs < LEAD_MS)
        throw new Error(
          `the console took ${readyAt - spawnedAt} ms to be ready: only ${leadMs} ms before the occurrence (at least ${LEAD_MS} wanted)`,
        );

      client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      // The scheduler records each schedule the first time it sees it; all must be seen well before the occurrence.
      let statesSeenAt = 0;
      for (;;) {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "ScheduleState" WHERE "scheduleId" LIKE 'bench-%'`,
        );
        if (rows[0].n === SCHEDULES) {
          statesSeenAt = Date.now();
          break;
        }
        if (Date.now() > occurrence.getTime() - 5000)
          throw new Error(
            `only ${rows[0].n} of ${SCHEDULES} ScheduleState rows 5 s before the occurrence:\n${app.tail()}`,
          );
        await sleep(100);
      }
      const early = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "ScheduleRun"`);
      if (early.rows[0].n !== 0) throw new Error(`${early.rows[0].n} ScheduleRun rows before the occurrence`);
      console.log(`all ${SCHEDULES} schedules recorded ${statesSeenAt - readyAt} ms after ready; waiting`);

      await sleep(Math.max(0, occurrence.getTime() - Date.now()));
      const deadline = occurrence.getTime() + FINISH_TIMEOUT_MS;
      let rows: Row[] = [];
      for (;;) {
        rows = await readRuns(client);
        if (rows.length >= SCHEDULES && rows.every((r) => FINAL.includes(r.status))) break;
        if (Date.now() > deadline)
          throw new Error(
            `${FINISH_TIMEOUT_MS / 1000} s after the occurrence: ${rows.length} ScheduleRun rows, ${rows.filter((r) => FINAL.includes(r.status)).length} finished:\n${app.tail()}`,
          );
        await sleep(250);
      }

      // The load really happened: one succeeded cron run per schedule, for this occurrence, each with its action run.
      const problems: string[] = [];
      if (rows.length !== SCHEDULES) problems.push(`${rows.length} ScheduleRun rows, expected ${SCHEDULES}`);
      if (new Set(rows.map((r) => r.scheduleId)).size !== SCHEDULES)
        problems.push("not one ScheduleRun row per schedule");
      for (const r of rows) {
        if (r.trigger !== "cron" || r.occurrence !== occurrence.getTime())
          problems.push(
            `${r.scheduleId}: trigger ${r.trigger}, occurrence ${new Date(r.occurrence).toISOString()}`,
          );
        if (r.status !== "succeeded") problems.push(`${r.scheduleId}: ${r.status} (${r.message ?? ""})`);
        if (
          !r.actionRunId ||
          r.actionStatus !== "succeeded" ||
          r.actionStartedAt === null ||
          r.startedAt === null
        )
          problems.push(
            `${r.scheduleId}: action run ${r.actionRunId ?? "none"} ${r.actionStatus ?? "missing"}`,
          );
      }
      if (problems.length)
        throw new Error(`the scheduled runs are not what was due:\n${problems.slice(0, 10).join("\n")}`);

      const hits = await receiver.report();
      const total = Object.values(hits).reduce((n, h) => n + h.length, 0);
      const missing = Array.from({ length: SCHEDULES }, (_, i) => hitPath(i)).filter(
        (p) => hits[p]?.length !== 1,
      );
      if (total !== SCHEDULES || missing.length)
        throw new Error(
          `the receiver counted ${total} requests for ${SCHEDULES} actions (not exactly one: ${missing.slice(0, 5).join(", ")})`,
        );

      // Every run has its started and succeeded `http` audit records, with the schedule as the actor.
      let audit: { actorName: string; outcome: string; n: number }[] = [];
      for (let tries = 0; ; tries++) {
        audit = (
          await client.query<{ actorName: string; outcome: string; n: number }>(
            `SELECT "actorName", "outcome", count(*)::int AS n FROM "AuditEvent" WHERE "action" = 'http' GROUP BY 1, 2`,
          )
        ).rows;
        const succeeded = audit.filter((a) => a.outcome === "succeeded");
        if (succeeded.length === SCHEDULES || tries >= 40) break;
        await sleep(250);
      }
      const byOutcome = (outcome: string) => audit.filter((a) => a.outcome === outcome);
      const expectedActors = new Set(
        Array.from({ length: SCHEDULES }, (_, i) => `schedule ${scheduleId(i)}`),
      );
      for (const outcome of ["started", "succeeded"]) {
        const list = byOutcome(outcome);
        if (list.length !== SCHEDULES || list.some((a) => a.n !== 1 || !expectedActors.has(a.actorName)))
          throw new Error(
            `http audit records "${outcome}": ${list.length} actors, ${list.reduce((n, a) => n + a.n, 0)} records (expected one per schedule)`,
          );
      }
      const other = audit.filter((a) => a.outcome !== "started" && a.outcome !== "succeeded");
      if (other.length) throw new Error(`unexpected http audit records: ${JSON.stringify(other)}`);
      const cookie = await signIn(app.baseUrl);
      const verify = await fetchJson<{ ok: boolean; checked: number }>(
        app.baseUrl,
        "/api/v1/audit/verify",
        cookie,
      );
      if (!verify.ok || verify.checked < 2 * SCHEDULES)
        throw new Error(`audit chain: ${JSON.stringify(verify)}`);

      const due = occurrence.getTime();
      const start = rows.map((r) => round(r.actionStartedAt! - due, 1));
      const claim = rows.map((r) => round(r.startedAt! - due, 1));
      const request = rows.map((r) => round(hits[hitPath(Number(r.scheduleId.slice(-3)))][0] - due, 1));
      const finished = rows.map((r) => round(r.finishedAt! - due, 1));
      const inService = rows.map((r) => round(r.actionStartedAt! - r.startedAt!, 1));
      const actionRun = rows.map((r) => round(r.actionFinishedAt! - r.actionStartedAt!, 1));
      const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
      record = {
        figures: {
          schedule_start_p99_ms: { value: round(percentile(start, 99)), unit: "ms" },
          schedule_claim_p99_ms: { value: round(percentile(claim, 99)), unit: "ms" },
          import_ms: { value: round(importMs), unit: "ms" },
        },
        details: {
          occurrence: occurrence.toISOString(),
          cron,
          lead_ms: leadMs,
          console_ready_ms: readyAt - spawnedAt,
          states_recorded_after_ready_ms: statesSeenAt - readyAt,
          p99_rule: `nearest rank: the ${Math.ceil(0.99 * SCHEDULES)}th of ${SCHEDULES} delays sorted ascending`,
          start_ms: spread(start),
          claim_ms: spread(claim),
          request_at_receiver_ms: spread(request),
          schedule_run_to_action_start_ms: spread(inService),
          action_run_ms: spread(actionRun),
          finished_ms: spread(finished),
          most_running_at_once: mostAtOnce(rows.map((r) => [r.startedAt!, r.finishedAt!])),
          max_concurrent_runs_setting: MAX_CONCURRENT ?? "default (20)",
          checks: {
            schedule_runs_succeeded: rows.length,
            receiver_requests: total,
            http_audit_succeeded: byOutcome("succeeded").length,
            http_audit_started: byOutcome("started").length,
            chain_verified: verify.ok,
            chain_records: verify.checked,
          },
          import: { lines: imported.lines, samples_ms: imported.runs },
          samples_start_ms: sorted(start),
          samples_claim_ms: sorted(claim),
          samples_request_ms: sorted(request),
        },
      };
      console.log(
        `run ${run + 1}: start p50 ${percentile(start, 50)} / p99 ${percentile(start, 99)} / max ${Math.max(...start)} ms; claim p99 ${percentile(claim, 99)} ms; at most ${record.details!.most_running_at_once} running at once; all done ${Math.max(...finished)} ms after the occurrence`,
      );
    },
    async () => {
      // tsx relays a Ctrl-C to this process a second time, after withCleanup's once-handler is
      // gone; with no listener left, tsx's own handler would exit before the database is dropped.
      const again = () => console.error("still cleaning up");
      process.on("SIGINT", again).on("SIGTERM", again);
      try {
        await client?.end().catch(() => undefined);
        await app?.stop();
        receiver?.stop();
        await scratch?.drop();
        if (configDir) rmSync(configDir, { recursive: true, force: true });
      } finally {
        process.off("SIGINT", again).off("SIGTERM", again);
      }
    },
  );
  return record!;
}

async function main() {
  const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL;
  if (!redisUrl) throw new Error('TEST_REDIS_URL is not set: eval "$(bash scripts/services.sh env)"');
  if (process.env.BENCH_DATABASE_URL)
    throw new Error(
      "schedules: BENCH_DATABASE_URL is not used; each run makes a scratch database on BENCH_PG_URL",
    );
  if (!(SCHEDULES >= 1 && SCHEDULES <= 1000)) throw new Error("BENCH_SCHEDULES: expected 1 to 1000");
  const measureImport = await loadMeasureImport();
  const server = await durablePostgres();
  const loadBefore = os.loadavg().map((l) => round(l, 2));
  const runs = await repeatRuns((run) => once(run, { server, redisUrl, measureImport }));
  const pass = finish(
    "schedules",
    runs,
    { schedule_start_p99_ms: { max: 2000 }, import_ms: { max: 1000 } },
    {
      runs: RUNS,
      per_run:
        "the runbook import (in the bench process, before anything else starts); then a fresh receiver process, scratch database on the durable server, config file and console (npm start's scripts/server.mjs, default log level) that migrates it; all removed at the end of the run",
      schedules: SCHEDULES,
      config: `one external service with ${SCHEDULES} declared http actions (GET http://127.0.0.1:<receiver>/hit/<n>, expect status == 200) and ${SCHEDULES} schedules, each running its own action (distinct lock keys), all with one daily six-field cron ("S M H * * *", UTC) whose next second is at least ${LEAD_MS / 1000} s after the console is ready; settings.actions.enabled true, discoverContainers false`,
      max_concurrent_runs: MAX_CONCURRENT ?? "default (20)",
      measured:
        "schedule_start: ActionRun.startedAt (stamped by the action service after permission and parameter checks, before the lock and the durable `started` audit record) - ScheduleRun.occurrence; schedule_claim: ScheduleRun.startedAt (the scheduler takes the claimed occurrence off its queue) - occurrence; per run the nearest-rank p99 of the delays (the 99th of 100), the figure the median of the runs. import_ms: bench/import-runbook.ts measureImport(), per run the median of its timed samples",
      checks: `exactly ${SCHEDULES} ScheduleRun rows (trigger cron, the chosen occurrence, succeeded) each with a succeeded ActionRun; exactly one request per action at the receiver; one started and one succeeded \`http\` audit record per schedule (actorName "schedule <id>"); GET /api/v1/audit/verify says the chain verifies`,
      database: "postgres: a fresh scratch database per run on the durable BENCH_PG_URL server",
      postgres: server.settings,
      locks: "redis",
      load_avg_1_5_15: { before: loadBefore, after: os.loadavg().map((l) => round(l, 2)) },
    },
    MAX_CONCURRENT !== undefined ? `schedules-max-${MAX_CONCURRENT}` : "schedules",
  );
  process.exitCode = pass ? 0 : 1;
}

if (process.argv.includes("--receiver")) serveReceiver();
else
  main().catch((error) => {
    console.error(error);
    process.exit(2);
  });
