/**
 * Action overhead: from the REST request that starts a container restart until the console's
 * Docker call reaches the engine (permission, validation, lock, durable audit intent included),
 * over 200 restarts of a trivial container per run. Every run is independent: its own scratch
 * database on the durable Postgres server (BENCH_PG_URL), console, Docker proxy and container.
 *
 * One command: `npx tsx bench/action-overhead.ts` (needs a build, BENCH_PG_URL, DOCKER_HOST on a
 * unix socket and TEST_REDIS_URL). Environment: BENCH_RUNS (3), BENCH_ROUNDS (200 timed rounds
 * per run, after 10 warm-ups), BENCH_PAUSE_MS (250), BENCH_REDIS_URL (Redis for the action locks;
 * default TEST_REDIS_URL).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { auditOfRuns, fetchJson, waitForActions, waitForRun } from "./lib/action-client";
import { withCleanup } from "./lib/cleanup";
import { signIn, startConsoleApp, type ConsoleApp } from "./lib/console-app";
import { BENCH_LABELS, buildTestImages, docker } from "./lib/docker";
import { startRestartProxy, type RestartProxy } from "./lib/docker-restart-proxy";
import { durablePostgres, scratchOnDurable, type DurableServer } from "./lib/durable-postgres";
import { finish, percentile, repeatRuns, ROOT_DIR, round, RUNS, type RunRecord } from "./lib/results";
import type { ScratchDatabase } from "./lib/scratch-database";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const WARMUP = 10;
/** Between rounds, so the console's reaction to the last restart (events, re-list) is over. */
const PAUSE_MS = Number(process.env.BENCH_PAUSE_MS ?? 250);
const PROJECT = "opsdeck-bench";
const SERVICE_ID = "restart-target";
const CONTAINER = "opsdeck-bench-restart-target";
const IMAGE = "opsdeck-test/busybox:1";

// Declared (stable id) with discovery off, so other containers on a shared engine stay off the map.
const CONFIG = `version: 1
settings:
  discoverContainers: false
  actions:
    enabled: true
services:
  - id: ${SERVICE_ID}
    compose: { project: ${PROJECT}, service: ${SERVICE_ID} }
`;

/** Only this bench's container: other benchmarks' containers on the same engine are left alone. */
const removeContainer = () => docker("rm", "-f", CONTAINER).catch(() => "");

async function once(
  run: number,
  o: { server: DurableServer; engine: string; redisUrl: string; configPath: string },
): Promise<RunRecord> {
  let app: ConsoleApp | undefined;
  let proxy: RestartProxy | undefined;
  let scratch: ScratchDatabase | undefined;
  let record: RunRecord | undefined;
  await withCleanup(
    async () => {
      await removeContainer();
      const labels = [
        ...BENCH_LABELS,
        `com.docker.compose.project=${PROJECT}`,
        `com.docker.compose.service=${SERVICE_ID}`,
      ];
      await docker(
        "run",
        "-d",
        "--name",
        CONTAINER,
        ...labels.flatMap((l) => ["--label", l]),
        IMAGE,
        "sleep",
        "3600",
      );
      const containerId = await docker("inspect", "-f", "{{.Id}}", CONTAINER);

      scratch = await scratchOnDurable(o.server, "opsdeck_bench_action");
      proxy = await startRestartProxy(o.engine.slice("unix://".length));
      app = await startConsoleApp({
        configPath: o.configPath,
        env: { DATABASE_URL: scratch.url, REDIS_URL: o.redisUrl, DOCKER_HOST: proxy.host },
      });
      const cookie = await signIn(app.baseUrl);
      await waitForActions(app.baseUrl, cookie, SERVICE_ID, "restart", CONTAINER, 60_000);
      console.log(`console on ${app.baseUrl} (server pid ${app.serverPid}); ${WARMUP} + ${ROUNDS} rounds`);

      const samples: number[] = [];
      const accepted: number[] = [];
      const runIds: string[] = [];
      let conflicts = 0;
      let lastStart = "";
      for (let i = 0; i < WARMUP + ROUNDS; i++) {
        const restart = proxy.nextRestart(15_000);
        let t0 = 0;
        let res: Response;
        for (;;) {
          t0 = performance.now();
          res = await fetch(`${app.baseUrl}/api/v1/actions/runs`, {
            method: "POST",
            headers: { "content-type": "application/json", cookie, origin: app.baseUrl },
            body: JSON.stringify({
              serviceId: SERVICE_ID,
              actionId: "restart",
              params: { container: CONTAINER, timeout_s: 0 },
            }),
          });
          // The last run's lock is released just after its status turns final: ask again.
          if (res.status !== 409) break;
          conflicts += 1;
          await res.body?.cancel();
          await new Promise((r) => setTimeout(r, 25));
        }
        const tAccepted = performance.now();
        if (res.status !== 202) throw new Error(`round ${i + 1}: HTTP ${res.status} ${await res.text()}`);
        const { runId } = (await res.json()) as { runId: string };
        const seen = await restart;
        if (seen.container !== containerId)
          throw new Error(`round ${i + 1}: restart of ${seen.container}, expected ${containerId}`);
        // A run's status turns final once its outcome is in the audit log (or after 5 s saying it is not yet).
        const done = await waitForRun(app.baseUrl, cookie, runId, 30_000);
        const startedAt = (done.result as { startedAt?: string } | undefined)?.startedAt ?? "";
        if (done.status !== "succeeded" || !(startedAt > lastStart))
          throw new Error(
            `round ${i + 1}: run ${done.status} (${done.error ?? ""}), start time ${startedAt}`,
          );
        lastStart = startedAt;
        runIds.push(runId);
        const ms = seen.at - t0;
        if (i >= WARMUP) {
          samples.push(round(ms, 2));
          accepted.push(tAccepted - t0);
        }
        if (i < WARMUP || (i - WARMUP + 1) % 50 === 0)
          console.log(
            `round ${String(i + 1).padStart(3)}${i < WARMUP ? " (warm-up)" : ""}: ${ms.toFixed(1)} ms`,
          );
        await new Promise((r) => setTimeout(r, PAUSE_MS));
      }

      // Sanity: one Docker restart per round, and each round's audit intent and outcome in a chain that verifies.
      if (proxy.seen !== WARMUP + ROUNDS)
        throw new Error(`${proxy.seen} restart calls reached the engine for ${WARMUP + ROUNDS} rounds`);
      const audit = await auditOfRuns(app.baseUrl, cookie, "container.restart", runIds);
      if (audit.missing.length)
        throw new Error(
          `runs without their started and succeeded audit records: ${audit.missing.slice(0, 5).join(", ")}`,
        );
      if (audit.events !== 2 * runIds.length)
        throw new Error(`${audit.events} audit records for ${runIds.length} runs (expected 2 each)`);
      const verify = await fetchJson<{ ok: boolean; checked: number; ms: number }>(
        app.baseUrl,
        "/api/v1/audit/verify",
        cookie,
      );
      if (!verify.ok) throw new Error(`audit chain does not verify: ${JSON.stringify(verify)}`);
      if (verify.checked < audit.events)
        throw new Error(
          `the verified chain has ${verify.checked} records, fewer than the runs' ${audit.events}`,
        );

      record = {
        figures: {
          p50_ms: { value: round(percentile(samples, 50)), unit: "ms" },
          p95_ms: { value: round(percentile(samples, 95)), unit: "ms" },
          max_ms: { value: round(Math.max(...samples)), unit: "ms" },
        },
        details: {
          conflicts_retried: conflicts,
          accepted_202_ms: { p50: round(percentile(accepted, 50)), p95: round(percentile(accepted, 95)) },
          audit: {
            events: audit.events,
            per_round: 2,
            chain_verified: verify.ok,
            chain_records: verify.checked,
            verify_ms: verify.ms,
          },
          samples_ms: samples,
        },
      };
      console.log(
        `run ${run + 1}: ${runIds.length} runs, ${audit.events} audit records, chain of ${verify.checked} verifies`,
      );
    },
    async () => {
      await app?.stop();
      await proxy?.dispose();
      await removeContainer();
      await scratch?.drop();
    },
  );
  return record!;
}

async function main() {
  const engine = process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
  if (!engine.startsWith("unix://")) throw new Error(`DOCKER_HOST must be a unix socket, got ${engine}`);
  const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL;
  if (!redisUrl) throw new Error('TEST_REDIS_URL is not set: eval "$(bash scripts/services.sh env)"');
  if (process.env.BENCH_DATABASE_URL)
    throw new Error(
      "action-overhead: BENCH_DATABASE_URL is not used; each run makes a scratch database on BENCH_PG_URL",
    );
  const server = await durablePostgres();
  const configDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-action-"));
  const configPath = path.join(configDir, "opsdeck.yml");
  writeFileSync(configPath, CONFIG);
  try {
    const loadBefore = os.loadavg().map((l) => round(l, 2));
    await buildTestImages(ROOT_DIR);
    const runs = await repeatRuns((run) => once(run, { server, engine, redisUrl, configPath }));
    const pass = finish(
      "action-overhead",
      runs,
      { p95_ms: { max: 25 } },
      {
        runs: RUNS,
        per_run:
          "a fresh scratch database on the durable server, a fresh console (npm start's scripts/server.mjs, default log level) that migrates it, a fresh Docker proxy and a fresh container; all removed at the end of the run",
        rounds: ROUNDS,
        warmup: WARMUP,
        pauseMs: PAUSE_MS,
        image: IMAGE,
        measured:
          "POST /api/v1/actions/runs (t0 just before fetch) -> `POST /containers/<id>/restart` request line at a unix-socket proxy in front of the engine; per run p50/p95/max of the timed rounds, the figure the median of the runs",
        after_each_round:
          "the run is polled until succeeded (its status turns final once the succeeded audit record is written, lib/actions/service.ts), then a pause",
        database: "postgres: a fresh scratch database per run on the durable BENCH_PG_URL server",
        postgres: server.settings,
        locks: "redis",
        checks:
          "one restart request reached the engine per round; every run has exactly its started and succeeded audit records (GET /api/v1/audit); GET /api/v1/audit/verify says the chain verifies",
        load_avg_1_5_15: { before: loadBefore, after: os.loadavg().map((l) => round(l, 2)) },
      },
    );
    process.exitCode = pass ? 0 : 1;
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
