/**
 * Cold start and idle footprint: from spawning the console (`npm start`'s scripts/server.mjs) until
 * the first served map, once on an empty data folder (the start creates and migrates the embedded
 * database) and once more on the database that start left behind; then, with no client connected
 * and nothing changing, the console's resident memory and CPU while idle.
 * The config is small and realistic: 20 services in 4 stacks, one HTTP check each every 30 s
 * against a local target server that answers ok.
 *
 * One command: `npx tsx bench/cold-start.ts` (needs a build). Environment: BENCH_RUNS (3
 * independent runs), BENCH_STACKS (4) x BENCH_PER_STACK (5) services, BENCH_IDLE_S (60 s idle
 * after the second start), BENCH_IDLE_WINDOW_S (the last 30 s of it are measured),
 * BENCH_DATABASE=postgres (a fresh scratch database per run on the durable BENCH_PG_URL server
 * instead of the embedded default; writes cold-start-postgres.json).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { withCleanup } from "./lib/cleanup";
import { signIn, startConsoleApp, type ConsoleApp } from "./lib/console-app";
import { durablePostgres, scratchOnDurable, type DurableServer } from "./lib/durable-postgres";
import { mapConfig } from "./lib/map-config";
import { cpuSeconds, processTree, rssMb, tcpSockets } from "./lib/proc";
import { finish, repeatRuns, round, RUNS, type RunFigures, type RunRecord } from "./lib/results";
import type { ScratchDatabase } from "./lib/scratch-database";
import { startSwitchServer, type SwitchServer } from "./lib/switch-server";

const STACKS = Number(process.env.BENCH_STACKS ?? 4);
const PER_STACK = Number(process.env.BENCH_PER_STACK ?? 5);
const TOTAL = STACKS * PER_STACK;
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 60);
const WINDOW_S = Math.min(IDLE_S, Number(process.env.BENCH_IDLE_WINDOW_S ?? 30));
const POSTGRES = process.env.BENCH_DATABASE === "postgres";
const INTERVAL = "30s";
/** Gap between two polls of a milestone (one request in flight at a time). */
const POLL_MS = 25;
const DEADLINE_MS = 180_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Milestones {
  /** All on the bench's clock, ms after the spawn stamp. */
  readyMs: number;
  signedInMs: number;
  firstMapMs: number;
  mapEvaluatedMs: number;
  mapHtmlBytes: number;
}

/**
 * Started from startConsoleApp's onSpawn stamp, in parallel with its own start-up wait: polls
 * `/api/health` until it answers 200, signs in, polls `GET /map` until it answers 200 with the map
 * page, then `GET /api/v1/map` until every declared service is evaluated. Each stamp is taken
 * when the answer's body has been read.
 */
async function watchMilestones(
  baseUrl: string,
  spawnAt: number,
  stopped: () => boolean,
): Promise<Milestones> {
  const since = () => performance.now() - spawnAt;
  const deadline = spawnAt + DEADLINE_MS;
  const waitUntil = async <T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> => {
    let last = "";
    for (;;) {
      if (stopped()) throw new Error(`stopped while waiting for ${what}`);
      try {
        const out = await attempt();
        if (out !== undefined) return out;
      } catch (error) {
        last = String(error);
      }
      if (performance.now() > deadline) throw new Error(`${what}: not within ${DEADLINE_MS} ms (${last})`);
      await sleep(POLL_MS);
    }
  };
  await waitUntil("health", async () => ((await fetch(`${baseUrl}/api/health`)).ok ? true : undefined));
  const readyMs = since();
  const cookie = await waitUntil("sign-in", () => signIn(baseUrl));
  const signedInMs = since();
  const mapHtmlBytes = await waitUntil("the /map page", async () => {
    const res = await fetch(`${baseUrl}/map`, { headers: { cookie }, redirect: "manual" });
    const html = await res.text();
    // The map page itself (its title), not a sign-in redirect or an error page.
    return res.status === 200 && html.includes("<title>Service map") ? html.length : undefined;
  });
  const firstMapMs = since();
  await waitUntil("every service evaluated", async () => {
    const res = await fetch(`${baseUrl}/api/v1/map`, { headers: { cookie } });
    if (!res.ok) return undefined;
    const map = (await res.json()) as { services: { id: string; status: string }[] };
    const declared = map.services.filter((s) => /^st\d+-svc\d+$/.test(s.id));
    if (declared.length !== TOTAL || declared.some((s) => s.status === "unknown")) return undefined;
    const notUp = declared.filter((s) => s.status !== "up");
    // The target answers every check ok: a service in any other state means the run is broken.
    if (notUp.length)
      throw new Error(`services not up: ${notUp.map((s) => `${s.id}=${s.status}`).join(", ")}`);
    return true;
  });
  return { readyMs, signedInMs, firstMapMs, mapEvaluatedMs: since(), mapHtmlBytes };
}

/** Established TCP connections whose local end is `port` (clients connected to the console). */
const connectionsTo = (port: number) => tcpSockets(port, "01").length;

async function startAndWatch(
  configPath: string,
  dataDir: string,
  env: Record<string, string>,
): Promise<{ app: ConsoleApp; m: Milestones }> {
  let spawnAt = 0;
  let watching: Promise<Milestones> | undefined;
  let failed = false;
  let app: ConsoleApp;
  try {
    app = await startConsoleApp({
      configPath,
      dataDir,
      env,
      onSpawn: (t, baseUrl) => {
        spawnAt = t;
        watching = watchMilestones(baseUrl, t, () => failed);
        // Observed below; a rejection before then must not be unhandled.
        watching.catch(() => undefined);
      },
    });
  } catch (error) {
    failed = true;
    throw error;
  }
  try {
    const m = await watching!;
    console.log(
      `  health ${round(m.readyMs)} ms, signed in ${round(m.signedInMs)} ms, /map ${round(m.firstMapMs)} ms, all ${TOTAL} evaluated ${round(m.mapEvaluatedMs)} ms (after spawn at ${round(spawnAt)})`,
    );
    return { app, m };
  } catch (error) {
    await app.stop();
    throw error;
  }
}

/** The console's own log lines about creating and migrating its database. */
function logged(tail: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of tail.split("\n")) {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (typeof entry.msg === "string" && /database (created|migrated)|migrat/.test(entry.msg))
        out.push(entry);
    } catch {
      // not a JSON log line
    }
  }
  return out;
}

/** Backends of the console's connections to its database (pg_stat_activity, from the admin database). */
async function backendPids(server: DurableServer, database: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: server.adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [database],
    );
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

async function once(run: number, server: DurableServer | undefined): Promise<RunRecord> {
  const configDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-cold-"));
  const configPath = path.join(configDir, "opsdeck.yml");
  // Our own data folder, so the second start finds the database the first one created.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-cold-data-"));
  let target: SwitchServer | undefined;
  let scratch: ScratchDatabase | undefined;
  let app: ConsoleApp | undefined;
  let record: RunRecord | undefined;
  await withCleanup(
    async () => {
      target = await startSwitchServer();
      writeFileSync(
        configPath,
        mapConfig({ port: target.port, stacks: STACKS, perStack: PER_STACK, interval: INTERVAL }),
      );
      if (server) scratch = await scratchOnDurable(server, "opsdeck_bench_cold");
      const env: Record<string, string> = scratch ? { DATABASE_URL: scratch.url } : {};

      console.log(`run ${run + 1}: first start, ${server ? "empty scratch database" : "empty data folder"}`);
      const fresh = await startAndWatch(configPath, dataDir, env);
      app = fresh.app;
      const startLog = logged(app.tail());
      await app.stop();
      app = undefined;

      console.log(`run ${run + 1}: second start, on the database the first one left`);
      const existing = await startAndWatch(configPath, dataDir, env);
      app = existing.app;
      const { port, serverPid, rootPid } = app;

      // Idle: no client, nothing changing. The bench's own keep-alive sockets close after a few seconds.
      console.log(`run ${run + 1}: idle ${IDLE_S} s, measuring the last ${WINDOW_S} s`);
      await sleep((IDLE_S - WINDOW_S) * 1000);
      const clientsBefore = connectionsTo(port);
      if (clientsBefore)
        throw new Error(`${clientsBefore} clients still connected when the idle window began`);
      const tree = () => processTree(rootPid);
      if (!tree().includes(serverPid)) throw new Error(`server pid ${serverPid} is not under ${rootPid}`);
      const pgTree = () => (server?.postmasterPid ? processTree(server.postmasterPid) : []);
      const backends = server ? await backendPids(server, scratch!.name) : [];
      const checks0 = target.requests();
      const cpu0 = cpuSeconds(tree());
      const pgCpu0 = cpuSeconds(pgTree());
      const t0 = performance.now();
      const rss: number[] = [];
      while (performance.now() - t0 < WINDOW_S * 1000) {
        await sleep(1000);
        rss.push(rssMb(tree()));
      }
      const seconds = (performance.now() - t0) / 1000;
      const cpuPercent = ((cpuSeconds(tree()) - cpu0) / seconds) * 100;
      const pgCpuPercent = ((cpuSeconds(pgTree()) - pgCpu0) / seconds) * 100;
      const idleRss = rssMb(tree());
      const clientsAfter = connectionsTo(port);
      if (clientsAfter) throw new Error(`${clientsAfter} clients connected during the idle window`);
      const pids = tree();

      const figures: RunFigures = {
        fresh_ready_ms: { value: round(fresh.m.readyMs), unit: "ms" },
        fresh_first_map_ms: { value: round(fresh.m.firstMapMs), unit: "ms" },
        fresh_map_evaluated_ms: { value: round(fresh.m.mapEvaluatedMs), unit: "ms" },
        ready_ms: { value: round(existing.m.readyMs), unit: "ms" },
        first_map_ms: { value: round(existing.m.firstMapMs), unit: "ms" },
        map_evaluated_ms: { value: round(existing.m.mapEvaluatedMs), unit: "ms" },
        idle_rss_mb: { value: round(idleRss), unit: "MB" },
        idle_cpu_percent: { value: round(cpuPercent, 2), unit: "%" },
      };
      if (server?.postmasterPid) {
        figures.pg_idle_cpu_percent = { value: round(pgCpuPercent, 2), unit: "%" };
        figures.pg_backends_rss_mb = { value: round(rssMb(backends)), unit: "MB" };
      }
      record = {
        figures,
        details: {
          fresh_signed_in_ms: round(fresh.m.signedInMs),
          // What the console logged about its database during the first start (ms: its own measure).
          fresh_start_log: startLog,
          signed_in_ms: round(existing.m.signedInMs),
          map_html_bytes: existing.m.mapHtmlBytes,
          idle_rss_max_mb: round(Math.max(...rss)),
          idle_rss_min_mb: round(Math.min(...rss)),
          idle_checks_run: target.requests() - checks0,
          console_processes: pids.length,
          ...(server ? { pg_backends: backends.length } : {}),
        },
      };
    },
    async () => {
      await app?.stop();
      await target?.stop();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(configDir, { recursive: true, force: true });
    },
  );
  return record!;
}

async function main() {
  if (process.env.BENCH_DATABASE_URL)
    throw new Error(
      "cold-start: BENCH_DATABASE_URL is not used; BENCH_DATABASE=postgres runs on a scratch database",
    );
  const server = POSTGRES ? await durablePostgres() : undefined;
  const runs = await repeatRuns((run) => once(run, server));
  const milestones = (start: string) =>
    `from the spawn of \`node scripts/server.mjs -p <port> -H 127.0.0.1\` (what \`npm start\` runs, without npm's own start-up; stamped just before spawn) ${start}`;
  const pass = finish(
    "cold-start",
    runs,
    {},
    {
      runs: RUNS,
      per_run: `a fresh target server, data folder${server ? " and scratch database" : ""}; the console is started twice on it (first start, then a restart on what it left), each until the first served map; then idle`,
      services: TOTAL,
      config: `${STACKS} stacks x ${PER_STACK} services (bench/lib/map-config.ts), one http check each every ${INTERVAL} (first runs spread over at most 5 s after start, as the scheduler does), against a local server answering ok; container discovery off`,
      database: server
        ? "postgres: a fresh scratch database per run on the durable BENCH_PG_URL server (fresh_*: empty, the console migrates it; the rest: the same database, migrated)"
        : "embedded PGlite (as shipped: no fsync in PGlite's Node filesystem); fresh_*: an empty data folder (the start creates the database); the rest: the data folder the first start left",
      ...(server ? { postgres: server.settings } : {}),
      fresh_ready_ms: milestones("on an empty database until GET /api/health first answers 200"),
      fresh_first_map_ms: milestones(
        "on an empty database until a signed-in GET /map (signed in after health answered, with the bench admin created at start-up) first answers 200 with the map page",
      ),
      fresh_map_evaluated_ms: milestones(
        "on an empty database until GET /api/v1/map lists every declared service evaluated (not unknown; all up)",
      ),
      ready_ms: "as fresh_ready_ms, second start on the existing database",
      first_map_ms: "as fresh_first_map_ms, second start on the existing database",
      map_evaluated_ms: "as fresh_map_evaluated_ms, second start on the existing database",
      polling: `one request at a time, ${POLL_MS} ms between polls; each stamp when the answer's body was read`,
      idle_rss_mb: `after the second start's map: no client connected (checked in /proc/net/tcp at both ends of the window), the checks running; RSS summed over the console's process tree (scripts/server.mjs and any child it has: the embedded database runs on a thread of the server process; only its creation on the first start runs in a short-lived child) at the end of ${IDLE_S} s idle`,
      idle_cpu_percent: `CPU (user + system) of the same process tree over the last ${WINDOW_S} s of the ${IDLE_S} s idle, in % of one core`,
      ...(server?.postmasterPid
        ? {
            pg_idle_cpu_percent: `CPU of the whole Postgres server (postmaster ${server.postmasterPid} and all its processes) over the same ${WINDOW_S} s window, % of one core (a quiet machine: the console is its only client)`,
            pg_backends_rss_mb:
              "RSS of the Postgres backends serving the console's connections (listed from pg_stat_activity of the scratch database when the window began) at its end",
          }
        : {}),
      targets: "none: the issue asks for these to be measured, README and docs state no target",
    },
    server ? "cold-start-postgres" : "cold-start",
  );
  process.exitCode = pass ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
