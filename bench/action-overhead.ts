/**
 * Action overhead: from the REST request that starts a container restart until the console's
 * Docker call reaches the engine (permission, validation, lock, durable audit intent included),
 * over 200 restarts of a trivial container. One command: `npx tsx bench/action-overhead.ts`
 * (needs a build, DOCKER_HOST on a unix socket, TEST_REDIS_URL, and TEST_DATABASE_URL or
 * BENCH_DATABASE_URL). Environment: BENCH_ROUNDS (default 200), BENCH_PAUSE_MS (250).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { withCleanup } from "./lib/cleanup";
import { signIn, startConsoleApp, type ConsoleApp } from "./lib/console-app";
import { BENCH_LABELS, buildTestImages, cleanupBench, docker } from "./lib/docker";
import { startRestartProxy, type RestartProxy } from "./lib/docker-restart-proxy";
import { auditOfRuns, fetchJson, waitForActions, waitForRun } from "./lib/action-client";
import { percentile, report, ROOT_DIR, round, writeResult } from "./lib/results";
import { createScratchDatabase, type ScratchDatabase } from "./lib/scratch-database";

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

async function main() {
  const engine = process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
  if (!engine.startsWith("unix://")) throw new Error(`DOCKER_HOST must be a unix socket, got ${engine}`);
  const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL;
  if (!redisUrl) throw new Error('TEST_REDIS_URL is not set: eval "$(bash scripts/services.sh env)"');
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!process.env.BENCH_DATABASE_URL && !adminUrl)
    throw new Error("set BENCH_DATABASE_URL, or TEST_DATABASE_URL for a scratch database");

  const configDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-action-"));
  const configPath = path.join(configDir, "opsdeck.yml");
  writeFileSync(configPath, CONFIG);
  let app: ConsoleApp | undefined;
  let proxy: RestartProxy | undefined;
  let scratch: ScratchDatabase | undefined;
  await withCleanup(
    async () => {
      const loadBefore = os.loadavg().map((l) => round(l, 2));
      await buildTestImages(ROOT_DIR);
      await cleanupBench();
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

      if (!process.env.BENCH_DATABASE_URL)
        scratch = await createScratchDatabase(adminUrl!, "opsdeck_bench_action");
      const databaseUrl = process.env.BENCH_DATABASE_URL ?? scratch!.url;
      proxy = await startRestartProxy(engine.slice("unix://".length));
      app = await startConsoleApp({
        configPath,
        env: { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, DOCKER_HOST: proxy.host },
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
        const run = await waitForRun(app.baseUrl, cookie, runId, 30_000);
        const startedAt = (run.result as { startedAt?: string } | undefined)?.startedAt ?? "";
        if (run.status !== "succeeded" || !(startedAt > lastStart))
          throw new Error(`round ${i + 1}: run ${run.status} (${run.error ?? ""}), start time ${startedAt}`);
        lastStart = startedAt;
        runIds.push(runId);
        const ms = seen.at - t0;
        if (i >= WARMUP) {
          samples.push(round(ms, 2));
          accepted.push(tAccepted - t0);
        }
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
        throw new Error(`runs without their 2 audit events: ${audit.missing.slice(0, 5).join(", ")}`);
      const verify = await fetchJson<{ ok: boolean; checked: number; ms: number }>(
        app.baseUrl,
        "/api/v1/audit/verify",
        cookie,
      );
      if (!verify.ok) throw new Error(`audit chain does not verify: ${JSON.stringify(verify)}`);

      const figures = {
        p50_ms: { value: round(percentile(samples, 50)), unit: "ms" },
        p95_ms: { value: round(percentile(samples, 95)), unit: "ms" },
        max_ms: { value: round(Math.max(...samples)), unit: "ms" },
      };
      const file = writeResult("action-overhead", figures, {
        rounds: ROUNDS,
        warmup: WARMUP,
        pauseMs: PAUSE_MS,
        image: IMAGE,
        measured:
          "POST /api/v1/actions/runs (t0 just before fetch) -> `POST /containers/<id>/restart` request line at a unix-socket proxy in front of the engine",
        database: process.env.BENCH_DATABASE_URL
          ? "postgres (BENCH_DATABASE_URL)"
          : "postgres (scratch database)",
        locks: "redis",
        conflicts_retried: conflicts,
        accepted_202_ms: { p50: round(percentile(accepted, 50)), p95: round(percentile(accepted, 95)) },
        audit: {
          events: audit.events,
          per_round: 2,
          chain_verified: verify.ok,
          chain_records: verify.checked,
          verify_ms: verify.ms,
        },
        load_avg_1_5_15: { before: loadBefore, after: os.loadavg().map((l) => round(l, 2)) },
        samples_ms: samples,
      });
      console.log("");
      report("p50_ms", figures.p50_ms);
      const pass = report("p95_ms", figures.p95_ms, { max: 25 });
      console.log(`wrote ${file}`);
      process.exitCode = pass ? 0 : 1;
    },
    async () => {
      await app?.stop();
      await proxy?.dispose();
      await cleanupBench();
      await scratch?.drop();
      rmSync(configDir, { recursive: true, force: true });
    },
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
