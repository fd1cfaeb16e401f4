/**
 * Detection latency: how long from a service breaking until everyone watching it sees `down`.
 * Four variants, each its own command and result file:
 *
 *   npx tsx bench/detection.ts                                          -> results/detection.json
 *   BENCH_TOPOLOGY=cluster npx tsx bench/detection.ts                   -> results/detection-docker-cluster.json
 *   BENCH_CHECK=http npx tsx bench/detection.ts                         -> results/detection-http-single.json
 *   BENCH_CHECK=http BENCH_TOPOLOGY=cluster npx tsx bench/detection.ts  -> results/detection-http-cluster.json
 *
 * - BENCH_CHECK=docker (default): `docker kill` of a container watched by a `docker` check, until
 *   each watcher (an SSE client on GET /api/v1/stream) received the service's `change` to `down`.
 * - BENCH_CHECK=http: the service's `http` check (interval BENCH_INTERVAL_S, default 5 s, and the
 *   default failuresBeforeDown 2, as an operator would leave it) targets the bench's switch server,
 *   which starts answering 500 at a random point of the check cycle; until each watcher, a signed-in
 *   headless Chromium on /map, shows the service's node as `down` (MutationObserver on data-state).
 * - BENCH_TOPOLOGY=single (default): one console (`npm start`, role all), embedded PGlite as shipped
 *   (or BENCH_DATABASE_URL). BENCH_TOPOLOGY=cluster: two OPSDECK_ROLE=web replicas and one worker on
 *   Redis (BENCH_REDIS_URL, default TEST_REDIS_URL) and a fresh database on the durable Postgres
 *   server (BENCH_PG_URL); watchers spread over both replicas; a round ends with the LAST watcher.
 *
 * Each of BENCH_RUNS (3) runs starts its own console(s), database and target. Other environment:
 * BENCH_ROUNDS (docker 50, http 20 per run), BENCH_WATCHERS (watchers per replica, 1),
 * BENCH_DOWN_TIMEOUT_MS (docker 120000, http 45000; a miss counts as this). Needs a build and,
 * for docker, DOCKER_HOST.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { stopStack, withCleanup } from "./lib/cleanup";
import { getJson, signIn, startConsoleApp, startConsoleCluster } from "./lib/console-app";
import { launchBrowser, nowEpoch, openWatcher, type Watcher } from "./lib/detection-browser";
import { BENCH_LABELS, buildTestImages, cleanupBench, createNetwork, docker, dockerApi } from "./lib/docker";
import { durablePostgres, scratchOnDurable, type DurableServer } from "./lib/durable-postgres";
import { finish, percentile, repeatRuns, ROOT_DIR, round, RUNS, type RunRecord } from "./lib/results";
import { connectSse, type SseClient, type SseEvent } from "./lib/sse";
import { startSwitchServer, type SwitchServer } from "./lib/switch-server";

const CHECK = process.env.BENCH_CHECK ?? "docker";
const TOPOLOGY = process.env.BENCH_TOPOLOGY ?? "single";
if ((CHECK !== "docker" && CHECK !== "http") || (TOPOLOGY !== "single" && TOPOLOGY !== "cluster")) {
  console.error(`BENCH_CHECK=${CHECK} BENCH_TOPOLOGY=${TOPOLOGY}: expected docker|http and single|cluster`);
  process.exit(2);
}
const VARIANT = `${CHECK}-${TOPOLOGY}`;
/** detection.json stays the docker/single figure, so its history compares. */
const FILE = VARIANT === "docker-single" ? "detection" : `detection-${VARIANT}`;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (CHECK === "http" ? 20 : 50));
const WATCHERS = Math.max(1, Number(process.env.BENCH_WATCHERS ?? 1));
const INTERVAL_S = Number(process.env.BENCH_INTERVAL_S ?? 5);
/** settings.failuresBeforeDown's default; the config does not set it, so this is what runs. */
const FAILURES_BEFORE_DOWN = 2;
const DOWN_TIMEOUT_MS = Number(
  process.env.BENCH_DOWN_TIMEOUT_MS ??
    (CHECK === "http" ? INTERVAL_S * 1000 * (FAILURES_BEFORE_DOWN + 1) + 30_000 : 120_000),
);
const UP_TIMEOUT_MS = 90_000;

const NETWORK = "opsdeck-bench-net";
const CONTAINER = "opsdeck-bench-victim";
const IMAGE = "opsdeck-test/busybox-httpd:1";
/** The watched service (ids unlike other benchmarks', which may share a Redis while developing). */
const SERVICE_ID = CHECK === "docker" ? "victim" : "det-api";
const TARGET_PATH = `/health/${SERVICE_ID}`;

if (ROUNDS < 20) console.warn(`BENCH_ROUNDS=${ROUNDS}: fewer than 20 rounds per run give no real p95`);

// Declared (not discovered) so containers of other work on a shared engine stay off the map.
// maxRestarts is raised because 50 kill/start rounds would otherwise read, rightly, as a restart loop.
const DOCKER_CONFIG = `version: 1
settings:
  discoverContainers: false
services:
  - id: ${SERVICE_ID}
    compose: { project: bench, service: victim }
    checks:
      - id: container
        kind: docker
        maxRestarts: 100000
`;

/**
 * A small application: the watched API behind a web front, with a database and a cache below,
 * every check an HTTP check every INTERVAL_S with the default failuresBeforeDown.
 */
function httpConfig(port: number): string {
  const services: [string, string[]][] = [
    ["det-web", ["det-api"]],
    [SERVICE_ID, ["det-db", "det-cache"]],
    ["det-worker", ["det-db"]],
    ["det-db", []],
    ["det-cache", []],
  ];
  const lines = ["version: 1", "settings:", "  discoverContainers: false", "services:"];
  for (const [id, deps] of services)
    lines.push(
      `  - id: ${id}`,
      `    dependsOn: [${deps.join(", ")}]`,
      "    checks:",
      "      - id: http",
      "        kind: http",
      `        url: http://127.0.0.1:${port}/health/${id}`,
      `        interval: ${INTERVAL_S}s`,
      "        timeout: 2s",
      '        expect: [status == 200, json.status == "ok"]',
    );
  return `${lines.join("\n")}\n`;
}

interface StateChange {
  type: string;
  id: string;
  from: string | null;
  to: string;
  reason: string;
}

const serviceChange = (to: string) => (e: SseEvent) => {
  if (e.event !== "change") return false;
  const c = JSON.parse(e.data) as StateChange;
  return c.type === "service" && c.id === SERVICE_ID && c.to === to;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type MapData = { generatedAt: string; services: { id: string; status: string; reason: string }[] };

/**
 * Polls /api/v1/map until the service has `status` in a map made after `freshSince` (epoch ms):
 * a web replica reads the worker's copy from Redis, which may still be the last run's.
 */
async function waitForStatus(baseUrl: string, cookie: string, status: string, freshSince: number) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const map = await getJson<MapData>(baseUrl, "/api/v1/map", cookie);
    const s = map.services.find((x) => x.id === SERVICE_ID);
    if (s?.status === status && Date.parse(map.generatedAt) >= freshSince) return;
    if (Date.now() > deadline)
      throw new Error(`${SERVICE_ID} is ${s?.status} (${s?.reason}) on ${baseUrl}, expected ${status}`);
    await sleep(250);
  }
}

/**
 * The switch server records the first answer after a flip; re-arming it (setFailing again, still
 * failing) records the next. Returns the times (performance.now()) of the first `n` failing answers.
 */
async function failingAnswers(target: SwitchServer, n: number, timeoutMs: number): Promise<number[]> {
  const out: number[] = [];
  const deadline = performance.now() + timeoutMs;
  while (out.length < n) {
    const t = target.servedAfterFlip(TARGET_PATH);
    if (t !== undefined) {
      out.push(t);
      target.setFailing(TARGET_PATH, true);
    } else if (performance.now() > deadline)
      throw new Error(
        `the target served ${out.length} failing answers within ${timeoutMs} ms, expected ${n}`,
      );
    else await sleep(10);
  }
  return out;
}

interface Env {
  replicas: string[];
  cookies: string[];
  /** The last lines of each console process's output, for a round that missed. */
  tails: () => Record<string, string[]>;
}

/** Starts the topology for one run; registers its stop with `onStop`. */
async function startTopology(
  configPath: string,
  pg: DurableServer | undefined,
  onStop: (f: () => Promise<void>) => void,
): Promise<Env & { details: Record<string, unknown> }> {
  if (TOPOLOGY === "single") {
    const app = await startConsoleApp({ configPath });
    onStop(() => app.stop());
    console.log(`console on ${app.baseUrl} (server pid ${app.serverPid})`);
    return {
      replicas: [app.baseUrl],
      cookies: [await signIn(app.baseUrl)],
      tails: () => ({ console: app.tail().split("\n").slice(-8) }),
      details: {},
    };
  }
  const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL;
  if (!redisUrl) throw new Error("BENCH_TOPOLOGY=cluster needs BENCH_REDIS_URL or TEST_REDIS_URL");
  const db = await scratchOnDurable(pg!, "bench_detect");
  onStop(() => db.drop());
  const cluster = await startConsoleCluster({ configPath, databaseUrl: db.url, redisUrl, webs: 2 });
  onStop(() => cluster.stop());
  const replicas = cluster.webs.map((w) => w.baseUrl);
  console.log(`web replicas ${replicas.join(", ")}; worker pid ${cluster.worker.pid}; database ${db.name}`);
  const cookies = [];
  for (const r of replicas) cookies.push(await signIn(r));
  const tails = () => ({
    ...Object.fromEntries(cluster.webs.map((w, i) => [`web${i + 1}`, w.tail().split("\n").slice(-8)])),
    worker: cluster.worker.tail().split("\n").slice(-8),
  });
  return { replicas, cookies, tails, details: { database: db.name } };
}

/** What each replica's map and each page say about the service, for a round that missed. */
async function diagnose(envr: Env, watchers: Watcher[]) {
  const maps = await Promise.all(
    envr.replicas.map(async (r, k) => {
      try {
        const map = await getJson<MapData>(r, "/api/v1/map", envr.cookies[k]);
        const s = map.services.find((x) => x.id === SERVICE_ID);
        return { replica: r, generatedAt: map.generatedAt, status: s?.status, reason: s?.reason };
      } catch (error) {
        return { replica: r, error: String(error) };
      }
    }),
  );
  const pages = await Promise.all(
    watchers.map(async (w) => ({
      replica: w.baseUrl,
      url: w.page.url(),
      seen: await w.page
        .evaluate(() =>
          (window as unknown as { __watch: { seen: { state: string; at: number }[] } }).__watch.seen
            .slice(-4)
            .map((x) => ({ state: x.state, at: new Date(x.at).toISOString() })),
        )
        .catch((error: unknown) => String(error)),
    })),
  );
  return { maps, pages, logs: envr.tails() };
}

interface RoundResult {
  samples: number[];
  missed: number;
  details: Record<string, unknown>;
  extra: Record<string, number[]>;
}

async function dockerRounds(envr: Env, onStop: (f: () => Promise<void>) => void): Promise<RoundResult> {
  const container = dockerApi().getContainer(CONTAINER);
  const watchers: { sse: SseClient; replica: number }[] = [];
  onStop(async () => {
    for (const w of watchers) w.sse.close();
  });
  for (let r = 0; r < envr.replicas.length; r++)
    for (let k = 0; k < WATCHERS; k++) {
      const sse = await connectSse(`${envr.replicas[r]}/api/v1/stream`, envr.cookies[r]);
      watchers.push({ sse, replica: r });
    }
  console.log(`${watchers.length} SSE watcher(s) over ${envr.replicas.length} replica(s); ${ROUNDS} rounds`);
  const samples: number[] = [];
  const spread: number[] = [];
  const reasons = new Set<string>();
  let missed = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const downs = watchers.map((w) => w.sse.next(serviceChange("down"), DOWN_TIMEOUT_MS));
    const t0 = performance.now();
    await container.kill();
    const got = await Promise.allSettled(downs);
    const ok = got.flatMap((g) => (g.status === "fulfilled" ? [g.value] : []));
    if (ok.length === watchers.length) {
      const times = ok.map((e) => e.receivedAt);
      const ms = Math.max(...times) - t0;
      samples.push(round(ms, 1));
      spread.push(round(Math.max(...times) - Math.min(...times), 1));
      for (const e of ok) reasons.add((JSON.parse(e.data) as StateChange).reason);
      console.log(`round ${String(i + 1).padStart(2)}: down on every watcher after ${ms.toFixed(1)} ms`);
    } else {
      // A miss counts as the timeout, so percentiles stay honest instead of dropping it.
      missed += 1;
      samples.push(DOWN_TIMEOUT_MS);
      console.log(
        `round ${String(i + 1).padStart(2)}: ${watchers.length - ok.length} watcher(s) saw no "down" within ${DOWN_TIMEOUT_MS} ms`,
      );
    }
    const ups = watchers.map((w) => w.sse.next(serviceChange("up"), UP_TIMEOUT_MS));
    await container.start();
    await Promise.all(ups).catch((error: unknown) => {
      throw new Error(
        `${SERVICE_ID} did not come back up on every watcher after docker start: ${String(error)}`,
      );
    });
  }
  return { samples, missed, details: { downReasons: [...reasons] }, extra: { spread } };
}

async function httpRounds(
  envr: Env,
  target: SwitchServer,
  browser: Browser,
  onStop: (f: () => Promise<void>) => void,
): Promise<RoundResult> {
  const watchers: Watcher[] = [];
  onStop(async () => {
    for (const w of watchers) await w.close().catch(() => {});
  });
  for (let r = 0; r < envr.replicas.length; r++)
    for (let k = 0; k < WATCHERS; k++)
      watchers.push(await openWatcher(browser, envr.replicas[r], envr.cookies[r], SERVICE_ID, "up"));
  console.log(
    `${watchers.length} browser watcher(s) on /map over ${envr.replicas.length} replica(s); check every ${INTERVAL_S} s, failuresBeforeDown ${FAILURES_BEFORE_DOWN}; ${ROUNDS} rounds`,
  );
  const interval = INTERVAL_S * 1000;
  const epochOf = (t: number) => performance.timeOrigin + t;
  const samples: number[] = [];
  const fromFirst: number[] = [];
  const pipeline: number[] = [];
  const spread: number[] = [];
  let missed = 0;
  const misses: Record<string, unknown>[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // The outage starts at a uniformly random point of the check cycle, as a real one would.
    await sleep(Math.random() * interval);
    const tFlip = nowEpoch();
    target.setFailing(TARGET_PATH, true);
    const downs = watchers.map((w) => w.waitState("down", tFlip, DOWN_TIMEOUT_MS));
    const answers = (await failingAnswers(target, FAILURES_BEFORE_DOWN, DOWN_TIMEOUT_MS)).map(epochOf);
    const got = await Promise.allSettled(downs);
    const shown = got.flatMap((g) => (g.status === "fulfilled" ? [g.value] : []));
    const deciding = answers[FAILURES_BEFORE_DOWN - 1];
    if (shown.length === watchers.length) {
      const last = Math.max(...shown);
      if (Math.min(...shown) < deciding)
        throw new Error(
          `a page showed down ${(deciding - Math.min(...shown)).toFixed(0)} ms before failing answer ${FAILURES_BEFORE_DOWN} was served: failuresBeforeDown is not ${FAILURES_BEFORE_DOWN}?`,
        );
      samples.push(round(last - tFlip, 1));
      fromFirst.push(round(last - answers[0], 1));
      pipeline.push(round(last - deciding, 1));
      spread.push(round(last - Math.min(...shown), 1));
      console.log(
        `round ${String(i + 1).padStart(2)}: down on every page ${(last - tFlip).toFixed(0)} ms after the flip; ${(last - answers[0]).toFixed(0)} ms after the first failing answer; ${(last - deciding).toFixed(1)} ms after failing answer ${FAILURES_BEFORE_DOWN}`,
      );
    } else {
      missed += 1;
      misses.push({
        round: i + 1,
        flipAt: new Date(tFlip).toISOString(),
        failingAnswersMsAfterFlip: answers.map((a) => round(a - tFlip)),
        ...(await diagnose(envr, watchers)),
      });
      console.log(JSON.stringify(misses[misses.length - 1]));
      samples.push(DOWN_TIMEOUT_MS);
      fromFirst.push(DOWN_TIMEOUT_MS);
      pipeline.push(DOWN_TIMEOUT_MS);
      console.log(
        `round ${String(i + 1).padStart(2)}: ${watchers.length - shown.length} page(s) did not show "down" within ${DOWN_TIMEOUT_MS} ms`,
      );
    }
    const tOk = nowEpoch();
    target.setFailing(TARGET_PATH, false);
    await Promise.all(watchers.map((w) => w.waitState("up", tOk, UP_TIMEOUT_MS))).catch((error: unknown) => {
      throw new Error(`${SERVICE_ID} did not show up again on every page: ${String(error)}`);
    });
  }
  return {
    samples,
    missed,
    details: { pageClocks: watchers.map((w) => ({ replica: w.baseUrl, ...w.clock })), misses },
    extra: { fromFirst, pipeline, spread },
  };
}

async function main() {
  const configDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-detect-"));
  const configPath = path.join(configDir, "opsdeck.yml");
  const { onStop, unwind } = stopStack();
  let browser: Browser | undefined;
  await withCleanup(
    async () => {
      const pg = TOPOLOGY === "cluster" ? await durablePostgres() : undefined;
      if (CHECK === "docker") await buildTestImages(ROOT_DIR);
      if (CHECK === "http") browser = await launchBrowser();
      console.log(`detection ${VARIANT}: ${RUNS} run(s) of ${ROUNDS} rounds`);

      const runs = await repeatRuns(async (): Promise<RunRecord> => {
        try {
          const runStart = Date.now();
          let target: SwitchServer | undefined;
          if (CHECK === "docker") {
            writeFileSync(configPath, DOCKER_CONFIG);
            await cleanupBench();
            onStop(() => cleanupBench());
            await createNetwork(NETWORK);
            const labels = [
              ...BENCH_LABELS,
              "com.docker.compose.project=bench",
              "com.docker.compose.service=victim",
            ];
            await docker(
              "run",
              "-d",
              "--name",
              CONTAINER,
              "--network",
              NETWORK,
              ...labels.flatMap((l) => ["--label", l]),
              IMAGE,
            );
          } else {
            target = await startSwitchServer();
            const t = target;
            onStop(() => t.stop());
            writeFileSync(configPath, httpConfig(target.port));
          }
          const envr = await startTopology(configPath, pg, onStop);
          for (let r = 0; r < envr.replicas.length; r++)
            await waitForStatus(envr.replicas[r], envr.cookies[r], "up", runStart);

          const res =
            CHECK === "docker"
              ? await dockerRounds(envr, onStop)
              : await httpRounds(envr, target!, browser!, onStop);
          const figures: RunRecord["figures"] = {
            p50_ms: { value: round(percentile(res.samples, 50)), unit: "ms" },
            p95_ms: { value: round(percentile(res.samples, 95)), unit: "ms" },
            max_ms: { value: round(Math.max(...res.samples)), unit: "ms" },
          };
          if (CHECK === "http") {
            figures.first_failure_p95_ms = { value: round(percentile(res.extra.fromFirst, 95)), unit: "ms" };
            figures.pipeline_p50_ms = { value: round(percentile(res.extra.pipeline, 50)), unit: "ms" };
            figures.pipeline_p95_ms = { value: round(percentile(res.extra.pipeline, 95)), unit: "ms" };
          }
          if (TOPOLOGY === "cluster")
            figures.spread_p95_ms = { value: round(percentile(res.extra.spread, 95)), unit: "ms" };
          figures.missed_rounds = { value: res.missed, unit: "count" };
          return {
            figures,
            details: {
              ...envr.details,
              replicas: envr.replicas.length,
              watchers: envr.replicas.length * WATCHERS,
              ...res.details,
              samples_ms: res.samples,
              ...(CHECK === "http"
                ? { first_failure_samples_ms: res.extra.fromFirst, pipeline_samples_ms: res.extra.pipeline }
                : {}),
              ...(TOPOLOGY === "cluster" ? { spread_samples_ms: res.extra.spread } : {}),
            },
          };
        } finally {
          await unwind();
        }
      });

      const watcherKind =
        CHECK === "docker"
          ? "an SSE client (node:http) on GET /api/v1/stream in the bench process; stamp when its data is read"
          : "a signed-in headless Chromium page (own context) on /map; stamp = MutationObserver seeing the node's data-state change, performance.timeOrigin + performance.now() in the page (checked against the bench's clock at open, see runs[].details.pageClocks)";
      const topology =
        TOPOLOGY === "single"
          ? {
              topology: "one console (npm start, OPSDECK_ROLE=all), in-process event bus",
              database: process.env.BENCH_DATABASE_URL
                ? "postgres (BENCH_DATABASE_URL)"
                : "embedded PGlite (as shipped: no fsync in PGlite's Node filesystem)",
            }
          : {
              topology:
                "two OPSDECK_ROLE=web replicas + one OPSDECK_ROLE=worker (npm run worker), events over Redis pub/sub",
              database: "a fresh database per run on the durable Postgres server (BENCH_PG_URL)",
              postgresSettings: pg!.settings,
              redis: "BENCH_REDIS_URL or TEST_REDIS_URL (holds no data here; its durability does not matter)",
            };
      const pass = finish(
        "detection",
        runs,
        CHECK === "docker" ? { p95_ms: { max: 500 } } : { pipeline_p95_ms: { max: 500 } },
        {
          variant: VARIANT,
          runs: RUNS,
          roundsPerRun: ROUNDS,
          downTimeoutMs: DOWN_TIMEOUT_MS,
          ...topology,
          watchers: `${WATCHERS} per replica: ${watcherKind}`,
          ...(CHECK === "docker"
            ? {
                check:
                  "docker check of a declared compose service (default failuresBeforeDown; a stopped container is definitive)",
                image: IMAGE,
                measured:
                  "per round: docker kill (dockerode, t0 in the bench before the API call) -> the LAST watcher received the SSE change {type: service, to: down}; then docker start and every watcher sees up again",
              }
            : {
                check: `${SERVICE_ID}: http check every ${INTERVAL_S} s, timeout 2 s, failuresBeforeDown ${FAILURES_BEFORE_DOWN} (the default, not set in the config); 5 services, all checked every ${INTERVAL_S} s`,
                checkIntervalS: INTERVAL_S,
                failuresBeforeDown: FAILURES_BEFORE_DOWN,
                measured:
                  "p50/p95/max_ms: the switch server starts answering 500 (t0, bench clock; a random delay in [0, interval) after the previous recovery, so the outage starts at a random point of the check cycle) -> the LAST watching page shows the node down. Includes waiting for the next check and for failuresBeforeDown failing checks (expect about 1 to 2 intervals)",
                first_failure_p95_ms:
                  "the first failing answer the target served (recorded by the switch server) -> the last page shows down (about one interval: the second failure is needed)",
                pipeline_p95_ms:
                  "failing answer number failuresBeforeDown served (the one that turns the service down) -> the last page shows down: the console's own latency, check result to browser DOM; the 500 ms target applies to this",
              }),
          ...(TOPOLOGY === "cluster"
            ? {
                spread_p95_ms:
                  "per round where every watcher showed down: the first watcher showing down -> the last one",
              }
            : {}),
          missed_rounds: `rounds where a watcher saw no down within ${DOWN_TIMEOUT_MS} ms (counted as that many ms)`,
        },
        FILE,
      );
      process.exitCode = pass ? 0 : 1;
    },
    async () => {
      await unwind();
      await browser?.close();
      rmSync(configDir, { recursive: true, force: true });
    },
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
