/**
 * Fan-out: many signed-in clients hold GET /api/v1/stream open; a service's HTTP check target is
 * flipped between healthy and failing (check every 1 s, failuresBeforeDown 1), and each change is
 * timed from the moment the target served its first answer in the new state (the earliest the
 * console can know) until the LAST client received the `change` event. Every client must
 * receive every change, else the run fails.
 *
 *   npx tsx bench/sse-fanout.ts                          -> results/sse-fanout-cluster.json (judged: p95 < 250 ms)
 *   BENCH_TOPOLOGY=single npx tsx bench/sse-fanout.ts    -> results/sse-fanout.json
 *
 * - cluster (default): 1,000 clients split evenly over two OPSDECK_ROLE=web replicas, one
 *   OPSDECK_ROLE=worker running the checks, events over Redis pub/sub (BENCH_REDIS_URL, default
 *   TEST_REDIS_URL), a fresh database per run on the durable Postgres server (BENCH_PG_URL).
 * - single: 200 clients on one console (`npm start`), in-process bus (or Redis with
 *   BENCH_REDIS_URL), embedded PGlite as shipped (or BENCH_DATABASE_URL).
 * Clients live in BENCH_CLIENT_PROCS (2) child processes of the bench, so the bench's own CPU and
 * event-loop delay are measured apart and reported (bench_cpu_pct, client_loop_delay_max_ms).
 * Each of BENCH_RUNS (3) runs starts its own console(s), database, target and clients.
 * Environment: BENCH_CLIENTS (cluster 1000, single 200), BENCH_CHANGES (40 per run),
 * BENCH_SERVICES (50 on the map, for a realistic snapshot), BENCH_CLIENT_PROCS (2), BENCH_WARMUP
 * (2 untimed changes first; even). Needs a build.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { stopStack, withCleanup } from "./lib/cleanup";
import { getJson, signIn, startConsoleApp, startConsoleCluster } from "./lib/console-app";
import { durablePostgres, scratchOnDurable } from "./lib/durable-postgres";
import { startClientPool, type ClientPool, type ClientSpec } from "./lib/fanout-clients";
import { checkPath, mapConfig, serviceId } from "./lib/map-config";
import { cpuSeconds, processTree } from "./lib/proc";
import { finish, percentile, repeatRuns, round, RUNS, type RunRecord } from "./lib/results";
import { startSwitchServer } from "./lib/switch-server";

const TOPOLOGY = process.env.BENCH_TOPOLOGY ?? "cluster";
if (TOPOLOGY !== "single" && TOPOLOGY !== "cluster") {
  console.error(`BENCH_TOPOLOGY=${TOPOLOGY}: expected single or cluster`);
  process.exit(2);
}
const FILE = TOPOLOGY === "cluster" ? "sse-fanout-cluster" : "sse-fanout";
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? (TOPOLOGY === "cluster" ? 1000 : 200));
const CHANGES = Number(process.env.BENCH_CHANGES ?? 40);
const WARMUP = 2 * Math.max(0, Math.round(Number(process.env.BENCH_WARMUP ?? 2) / 2));
const SERVICES = Number(process.env.BENCH_SERVICES ?? 50);
const CLIENT_PROCS = Math.max(1, Number(process.env.BENCH_CLIENT_PROCS ?? 2));
const PER_STACK = 25;
const CHANGE_TIMEOUT_MS = 15_000;

/** The map benchmark's generated config with its ids renamed (st0-svc1 -> fan0-svc1), so a
 * map bench sharing the same Redis while developing cannot be mistaken for ours. */
const rename = (id: string) => id.replace(/^st(\d+)-svc/, "fan$1-svc");
const TARGET = rename(serviceId(0, PER_STACK - 3));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls /api/v1/map until TARGET is `status` in a map made after `freshSince` (a replica may read the last run's from Redis). */
async function waitForStatus(baseUrl: string, cookie: string, status: string, freshSince: number) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const map = await getJson<{ generatedAt: string; services: { id: string; status: string }[] }>(
      baseUrl,
      "/api/v1/map",
      cookie,
    );
    const s = map.services.find((x) => x.id === TARGET);
    if (s?.status === status && Date.parse(map.generatedAt) >= freshSince) return;
    if (Date.now() > deadline) throw new Error(`${TARGET} is ${s?.status} on ${baseUrl}, expected ${status}`);
    await sleep(250);
  }
}

async function main() {
  const configDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-fanout-"));
  const configPath = path.join(configDir, "opsdeck.yml");
  const { onStop, unwind } = stopStack();
  await withCleanup(
    async () => {
      const pg = TOPOLOGY === "cluster" ? await durablePostgres() : undefined;
      const redisUrl =
        TOPOLOGY === "cluster"
          ? (process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL)
          : process.env.BENCH_REDIS_URL;
      if (TOPOLOGY === "cluster" && !redisUrl)
        throw new Error("the cluster needs BENCH_REDIS_URL or TEST_REDIS_URL");
      const stacks = Math.max(1, Math.ceil(SERVICES / PER_STACK));
      console.log(`sse-fanout ${TOPOLOGY}: ${RUNS} run(s), ${CLIENTS} clients, ${CHANGES} changes each`);

      const runs = await repeatRuns(async (): Promise<RunRecord> => {
        try {
          const runStart = Date.now();
          const target = await startSwitchServer();
          onStop(() => target.stop());
          writeFileSync(
            configPath,
            mapConfig({
              port: target.port,
              stacks,
              perStack: PER_STACK,
              interval: "30s",
              fast: [serviceId(0, PER_STACK - 3)],
            }).replace(/\bst(\d+)-svc/g, "fan$1-svc"),
          );

          // The console's processes, for their CPU while changes are delivered.
          let roots: { name: string; pid: number }[];
          let replicas: string[];
          let database: string;
          if (TOPOLOGY === "single") {
            const app = await startConsoleApp({ configPath, env: redisUrl ? { REDIS_URL: redisUrl } : {} });
            onStop(() => app.stop());
            replicas = [app.baseUrl];
            roots = [{ name: "console", pid: app.rootPid }];
            database = process.env.BENCH_DATABASE_URL ? "postgres (BENCH_DATABASE_URL)" : "embedded PGlite";
          } else {
            const db = await scratchOnDurable(pg!, "bench_fanout");
            onStop(() => db.drop());
            const cluster = await startConsoleCluster({
              configPath,
              databaseUrl: db.url,
              redisUrl: redisUrl!,
              webs: 2,
            });
            onStop(() => cluster.stop());
            replicas = cluster.webs.map((w) => w.baseUrl);
            roots = [
              ...cluster.webs.map((w, i) => ({ name: `web${i + 1}`, pid: w.rootPid })),
              { name: "worker", pid: cluster.worker.pid },
            ];
            database = db.name;
          }
          console.log(`replicas ${replicas.join(", ")}`);
          // One session per replica (a session cookie is valid on every replica; signing in on each is what a user of each would do).
          const cookies: string[] = [];
          for (const r of replicas) cookies.push(await signIn(r));
          for (let r = 0; r < replicas.length; r++)
            await waitForStatus(replicas[r], cookies[r], "up", runStart);

          const specs: ClientSpec[] = Array.from({ length: CLIENTS }, (_, i) => {
            const r = i % replicas.length;
            return { url: `${replicas[r]}/api/v1/stream`, cookie: cookies[r], replica: r };
          });
          const t0 = performance.now();
          const pool: ClientPool = await startClientPool(specs, CLIENT_PROCS);
          onStop(() => pool.close());
          const connected = pool.processes.reduce((n, p) => n + p.count, 0);
          if (connected !== CLIENTS) throw new Error(`${connected} of ${CLIENTS} clients connected`);
          const perReplica = replicas.map((_, r) =>
            pool.processes.reduce((n, p) => n + (p.perReplica[r] ?? 0), 0),
          );
          console.log(
            `${connected} clients connected in ${((performance.now() - t0) / 1000).toFixed(1)} s (per replica: ${perReplica.join(", ")}; ${pool.processes.length} client processes)`,
          );
          const clocks = await pool.clock();
          for (const c of clocks)
            if (Math.abs(c.offsetMs) > c.roundTripMs / 2 + 5)
              throw new Error(`client process ${c.pid}'s clock differs by ${c.offsetMs.toFixed(1)} ms`);

          const fromCheck: number[] = [];
          const spread: number[] = [];
          const clientCpuMs: number[] = [];
          const perReplicaLast: number[][] = replicas.map(() => []);
          const pids = () => roots.map((r) => ({ name: r.name, pids: processTree(r.pid) }));
          /** Flips the target (change n: odd down, even up) and collects every client's arrival. */
          const flip = async (n: number) => {
            const failing = n % 2 === 0;
            const to = failing ? "down" : "up";
            const armed = await pool.arm(TARGET, to, CHANGE_TIMEOUT_MS);
            target.setFailing(checkPath(TARGET), failing);
            const arrivals = await armed.collect();
            const served = target.servedAfterFlip(checkPath(TARGET));
            if (served === undefined) throw new Error("the target served no answer after the flip");
            if (arrivals.at.length !== CLIENTS)
              throw new Error(`change ${n + 1}: ${arrivals.at.length} of ${CLIENTS} clients received it`);
            return { to, arrivals, servedAt: performance.timeOrigin + served };
          };
          // Untimed: the first changes after start compile the delivery paths (console and clients).
          for (let n = 0; n < WARMUP; n++) await flip(n);
          const cpuBefore = pids().map((p) => ({ name: p.name, s: cpuSeconds(p.pids) }));
          const wall0 = performance.now();
          await pool.measure(true);
          for (let i = 0; i < CHANGES; i++) {
            const { to, arrivals, servedAt } = await flip(WARMUP + i);
            const first = Math.min(...arrivals.at);
            const last = Math.max(...arrivals.at);
            fromCheck.push(round(last - servedAt, 1));
            spread.push(round(last - first, 1));
            clientCpuMs.push(round(Math.max(...arrivals.cpuMs), 1));
            for (let r = 0; r < replicas.length; r++)
              perReplicaLast[r].push(
                round(Math.max(...arrivals.at.filter((_, k) => arrivals.replicas[k] === r)) - servedAt, 1),
              );
            console.log(
              `change ${String(i + 1).padStart(2)} (${to.padEnd(4)}): all ${arrivals.at.length} after ${(last - servedAt).toFixed(1)} ms; first to last ${(last - first).toFixed(1)} ms; client CPU ${arrivals.cpuMs.map((c) => c.toFixed(0)).join(" + ")} ms`,
            );
          }
          const bench = await pool.measure(false);
          const wallS = (performance.now() - wall0) / 1000;
          const consoleCpu = pids().map((p, k) => {
            const s = cpuSeconds(p.pids) - cpuBefore[k].s;
            return {
              name: p.name,
              cpuPct: round((s / wallS) * 100),
              cpuMsPerChange: round((s * 1000) / CHANGES),
            };
          });
          const webs = consoleCpu.filter((c) => c.name !== "worker");
          const webCpuPerChange = webs.reduce((n, c) => n + c.cpuMsPerChange, 0) / webs.length;
          const benchCpu = Math.max(...bench.map((b) => b.cpuPct));
          const loopMax = Math.max(...bench.map((b) => b.loopDelayMaxMs));
          console.log(
            `client processes: CPU ${bench.map((b) => `${round(b.cpuPct)}%`).join(", ")} of one core; event-loop delay max ${bench.map((b) => round(b.loopDelayMaxMs)).join(", ")} ms; console: ${consoleCpu.map((c) => `${c.name} ${c.cpuPct}%`).join(", ")}`,
          );
          return {
            figures: {
              clients: { value: connected, unit: "count" },
              p50_ms: { value: round(percentile(fromCheck, 50)), unit: "ms" },
              p95_ms: { value: round(percentile(fromCheck, 95)), unit: "ms" },
              max_ms: { value: round(Math.max(...fromCheck)), unit: "ms" },
              spread_p95_ms: { value: round(percentile(spread, 95)), unit: "ms" },
              bench_cpu_pct: { value: round(benchCpu), unit: "%" },
              client_cpu_ms_per_change: { value: round(percentile(clientCpuMs, 50)), unit: "ms" },
              client_loop_delay_max_ms: { value: round(loopMax), unit: "ms" },
              web_cpu_ms_per_change: { value: round(webCpuPerChange), unit: "ms" },
            },
            details: {
              database,
              clientsPerReplica: perReplica,
              clientProcesses: bench.map((b, k) => ({
                ...b,
                cpuPct: round(b.cpuPct),
                loopDelayP99Ms: round(b.loopDelayP99Ms),
                loopDelayMaxMs: round(b.loopDelayMaxMs),
                clients: pool.processes[k].count,
                clockOffsetMs: round(clocks[k].offsetMs, 2),
              })),
              consoleCpuPct: consoleCpu,
              samples_ms: fromCheck,
              spread_samples_ms: spread,
              client_cpu_ms_per_change_samples: clientCpuMs,
              last_per_replica_samples_ms: perReplicaLast,
            },
          };
        } finally {
          await unwind();
        }
      });

      const pass = finish(
        "sse-fanout",
        runs,
        TOPOLOGY === "cluster" ? { p95_ms: { max: 250 } } : {},
        {
          topology:
            TOPOLOGY === "cluster"
              ? "two OPSDECK_ROLE=web replicas + one OPSDECK_ROLE=worker (npm run worker); clients split evenly over the replicas (client i on replica i mod 2)"
              : "one console (npm start, OPSDECK_ROLE=all)",
          bus: redisUrl ? "redis pub/sub" : "in-process (no REDIS_URL)",
          database:
            TOPOLOGY === "cluster"
              ? "a fresh database per run on the durable Postgres server (BENCH_PG_URL)"
              : process.env.BENCH_DATABASE_URL
                ? "postgres (BENCH_DATABASE_URL)"
                : "embedded PGlite (as shipped: no fsync in PGlite's Node filesystem)",
          ...(pg ? { postgresSettings: pg.settings } : {}),
          clients: CLIENTS,
          changesPerRun: CHANGES,
          warmupChanges: `${WARMUP} untimed changes first (received by every client, checked), after all clients connected`,
          services: stacks * PER_STACK,
          check: `${TARGET}: http, interval 1s, failuresBeforeDown 1; target flipped 200 <-> 500 (other services every 30 s)`,
          sessions: "one sign-in per replica; each client sends its replica's session cookie",
          p95_ms:
            "per change: the target's first answer in the new state (switch server, bench process) -> the LAST of all clients received the SSE change (epoch ms: performance.timeOrigin + performance.now() in each process; client clocks checked against the bench's, runs[].details.clientProcesses[].clockOffsetMs)",
          spread_p95_ms: "per change: first client -> last client receiving it",
          clients_in: `${CLIENT_PROCS} child processes of the bench (node:http streams, one socket each, contiguous shares); arrival stamped when each stream's chunk is read`,
          bench_cpu_pct:
            "the busiest client process's CPU time / wall time while the changes ran (% of one core); with client_loop_delay_max_ms (its event loop's worst delay) it shows whether the bench itself held stamps back",
          web_cpu_ms_per_change:
            "CPU ms of each console process serving the streams (web replica, or the one console), over the whole change phase divided by the changes, averaged over the replicas; it includes their idle work (checks, heartbeats), which is small next to it. runs[].details.consoleCpuPct has every process, worker included",
          client_cpu_ms_per_change:
            "median over changes of the busiest client process's CPU ms from arming its clients until the last of them had the change (the bench's own cost of receiving one change on all its streams)",
        },
        FILE,
      );
      process.exitCode = pass ? 0 : 1;
    },
    async () => {
      await unwind();
      rmSync(configDir, { recursive: true, force: true });
    },
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
