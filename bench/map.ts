/**
 * The service map at scale: 2,000 services in 80 stacks of 25, declared in a generated config
 * with HTTP checks against a local server. Measures the data and page response times, the JS the
 * /map page loads (gzip), the time until the map is rendered and answers a key press in headless
 * Chromium, and how fast a state change repaints its node. Every run is independent: its own
 * target server, console (fresh data folder or fresh scratch database) and browser.
 *
 * One command: `npx tsx bench/map.ts` (needs a build). Environment: BENCH_RUNS (3 independent
 * runs), BENCH_STACKS (80), BENCH_PER_STACK (25), BENCH_REQUESTS (50 timed requests per route),
 * BENCH_PAGE_LOADS (5 cold page loads per run, after one warm-up), BENCH_REPAINTS (20 flips per
 * run), BENCH_DATABASE=postgres (a scratch database on the durable BENCH_PG_URL server instead of
 * the embedded default; writes map-postgres.json), BENCH_TRACE_DIR (where the time goes: each run
 * adds one uncounted page load with a Chrome trace and a CPU profile, and a trace of 4 repaints, into
 * that folder, summarized in the run's details), CHROMIUM_PATH (/usr/bin/chromium).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { withCleanup } from "./lib/cleanup";
import { getJson, signIn, startConsoleApp, type ConsoleApp } from "./lib/console-app";
import { durablePostgres, scratchOnDurable, type DurableServer } from "./lib/durable-postgres";
import {
  launchChromium,
  loadMapPage,
  mainThreadSelfTime,
  timeRequests,
  watchRepaints,
  type MapLoad,
} from "./lib/map-browser";
import { checkPath, mapConfig, serviceId } from "./lib/map-config";
import { finish, median, percentile, repeatRuns, round, RUNS, type RunRecord } from "./lib/results";
import type { ScratchDatabase } from "./lib/scratch-database";
import { startSwitchServer, type SwitchServer } from "./lib/switch-server";

const STACKS = Number(process.env.BENCH_STACKS ?? 80);
const PER_STACK = Number(process.env.BENCH_PER_STACK ?? 25);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const PAGE_LOADS = Math.max(1, Number(process.env.BENCH_PAGE_LOADS ?? 5));
const REPAINTS = Number(process.env.BENCH_REPAINTS ?? 20);
const POSTGRES = process.env.BENCH_DATABASE === "postgres";
const TRACE_DIR = process.env.BENCH_TRACE_DIR;
const INTERVAL = "30s";
const TOTAL = STACKS * PER_STACK;
/** Bottom layer of the first stack: services above depend on it, so a flip also spreads impact. */
const TARGET = serviceId(0, PER_STACK - 3);

type MapData = { services: { id: string; status: string }[] };

async function waitAllEvaluated(app: ConsoleApp, cookie: string, total: number): Promise<number> {
  const t0 = performance.now();
  const deadline = Date.now() + 180_000;
  for (;;) {
    const map = await getJson<MapData>(app.baseUrl, "/api/v1/map", cookie);
    const pending = map.services.filter((s) => s.status === "unknown").length;
    if (map.services.length === total && pending === 0) {
      const down = map.services.filter((s) => s.status !== "up");
      // The switch server answers every check ok: anything else means the run is broken.
      if (down.length)
        throw new Error(
          `${down.length} services not up: ${down.slice(0, 5).map((s) => `${s.id}=${s.status}`)}`,
        );
      return performance.now() - t0;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${pending} of ${map.services.length} services (of ${total}) not evaluated after 180 s`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}

const p = (samples: number[], q: number) => round(percentile(samples, q));
const med = (samples: number[]) => round(median(samples));

async function once(run: number, server: DurableServer | undefined): Promise<RunRecord> {
  const configDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-map-"));
  const configPath = path.join(configDir, "opsdeck.yml");
  let target: SwitchServer | undefined;
  let scratch: ScratchDatabase | undefined;
  let app: ConsoleApp | undefined;
  let browser: Browser | undefined;
  let record: RunRecord | undefined;
  await withCleanup(
    async () => {
      target = await startSwitchServer();
      writeFileSync(
        configPath,
        mapConfig({
          port: target.port,
          stacks: STACKS,
          perStack: PER_STACK,
          interval: INTERVAL,
          fast: [TARGET],
        }),
      );
      if (server) scratch = await scratchOnDurable(server, "opsdeck_bench_map");
      app = await startConsoleApp({ configPath, env: scratch ? { DATABASE_URL: scratch.url } : {} });
      const cookie = await signIn(app.baseUrl);
      console.log(
        `console on ${app.baseUrl}; ${TOTAL} services in ${STACKS} stacks, checks every ${INTERVAL}`,
      );
      // The first map request after start pays for the layout (dagre, then cached per catalog shape).
      const [first] = await timeRequests(app.baseUrl, "/api/v1/map", cookie, 1);
      const evaluatedMs = await waitAllEvaluated(app, cookie, TOTAL);
      if (target.requests() < TOTAL) throw new Error(`only ${target.requests()} checks reached the target`);

      await timeRequests(app.baseUrl, "/api/v1/map", cookie, 5);
      const data = await timeRequests(app.baseUrl, "/api/v1/map", cookie, REQUESTS);
      await timeRequests(app.baseUrl, "/map", cookie, 3);
      const html = await timeRequests(app.baseUrl, "/map", cookie, REQUESTS);
      const dataMs = data.map((d) => d.ms);
      console.log(`GET /api/v1/map p95 ${p(dataMs, 95)} ms, ${data[0].bytes} bytes`);

      browser = await launchChromium();
      // Load 0 warms the server's route modules; loads 1..PAGE_LOADS count, each with an empty cache.
      const loads: MapLoad[] = [];
      const describe = (load: MapLoad) =>
        `DOMContentLoaded ${round(load.domContentLoadedMs)} ms, snapshot ${round(load.snapshotMs)} ms, first nodes ${round(load.firstNodesMs)} ms, ${load.nodes} nodes at ${round(load.renderedMs)} ms, key answered at ${round(load.interactiveMs)} ms, long tasks ${load.longTaskMs} ms, JS ${round(load.jsGzipKb)} KB gzip`;
      for (let r = 0; r <= PAGE_LOADS; r++) {
        const last = r === PAGE_LOADS;
        const load = await loadMapPage(browser, app.baseUrl, cookie, TOTAL, last ? TARGET : undefined);
        console.log(`load ${r}${r === 0 ? " (warm-up)" : ""}: ${describe(load)}`);
        if (!(load.nodes >= TOTAL)) throw new Error(`load ${r}: ${load.nodes} of ${TOTAL} nodes rendered`);
        if (r > 0) loads.push(load);
        if (!last) await load.page.context().close();
      }
      const last = loads[loads.length - 1];
      // Each flip turns the target's state over, whatever the count of flips before.
      let failing = false;
      const flip = () => target!.setFailing(checkPath(TARGET), (failing = !failing));
      const repaints = await watchRepaints(last.page, REPAINTS, flip);
      await last.page.context().close();
      if (repaints.length < REPAINTS) throw new Error(`${repaints.length} of ${REPAINTS} flips repainted`);

      // Where the time goes: one more load (not counted: tracing and profiling slow it) with a Chrome
      // trace and a CPU profile, then a trace of a few repaints on that page.
      let traced: Record<string, unknown> | undefined;
      if (TRACE_DIR) {
        mkdirSync(TRACE_DIR, { recursive: true });
        const file = path.join(TRACE_DIR, `map-run${run + 1}-load.json`);
        const load = await loadMapPage(browser, app.baseUrl, cookie, TOTAL, TARGET, file);
        console.log(`traced load: ${describe(load)}; ${file}`);
        const repaintTrace = path.join(TRACE_DIR, `map-run${run + 1}-repaints.json`);
        await browser.startTracing(load.page, { path: repaintTrace, screenshots: false });
        const tracedRepaints = await watchRepaints(load.page, 4, flip);
        await browser.stopTracing();
        await load.page.context().close();
        traced = {
          load: load.analysis,
          load_interactive_ms: round(load.interactiveMs),
          repaints: {
            trace: repaintTrace,
            samples_ms: tracedRepaints.slice(-4).map((r) => round(r.updatedAt - r.arrivedAt, 2)),
            main_thread_self_ms_4_flips: mainThreadSelfTime(repaintTrace),
          },
        };
        console.log(JSON.stringify(traced, null, 1));
      }

      const interactive = loads.map((l) => round(l.interactiveMs));
      const repaintMs = repaints.map((r) => round(r.updatedAt - r.arrivedAt, 2));
      const frameMs = repaints.map((r) => round((r.frameAt ?? r.updatedAt) - r.arrivedAt, 2));
      const figures = {
        data_ms: { value: p(dataMs, 95), unit: "ms" },
        page_ms: {
          value: p(
            html.map((d) => d.ms),
            95,
          ),
          unit: "ms",
        },
        js_gzip_kb: { value: round(last.jsGzipKb), unit: "KB" },
        interactive_ms: { value: med(interactive), unit: "ms" },
        repaint_ms: { value: p(repaintMs, 95), unit: "ms" },
      };
      record = {
        figures,
        details: {
          all_evaluated_after_sign_in_ms: round(evaluatedMs),
          data_first_ms: round(first.ms),
          data_p50_ms: p(dataMs, 50),
          // Until the response headers arrived (the server's work before the body streams), p50/p95.
          data_headers_ms: {
            p50: p(
              data.map((d) => d.headersMs),
              50,
            ),
            p95: p(
              data.map((d) => d.headersMs),
              95,
            ),
          },
          data_encoding: data[0].encoding,
          data_bytes: data[0].bytes,
          page_p50_ms: p(
            html.map((d) => d.ms),
            50,
          ),
          scripts: last.scripts,
          // Where a page load's time goes (page clock, 0 = navigation start), one entry per timed load.
          loads: loads.map((l) => ({
            dom_content_loaded_ms: round(l.domContentLoadedMs),
            scripts_loaded_ms: round(l.scriptsLoadedMs),
            snapshot_ms: round(l.snapshotMs),
            first_nodes_ms: round(l.firstNodesMs),
            rendered_ms: round(l.renderedMs),
            interactive_ms: round(l.interactiveMs),
            long_tasks_ms: l.longTaskMs,
            longest_task_ms: l.longestTaskMs,
            snapshot_bytes: l.snapshotBytes,
          })),
          repaint_samples_ms: repaintMs,
          repaint_next_frame_p95_ms: p(frameMs, 95),
          target_requests: target.requests(),
          ...(traced ? { traced } : {}),
        },
      };
    },
    async () => {
      await browser?.close();
      await app?.stop();
      await target?.stop();
      await scratch?.drop();
      rmSync(configDir, { recursive: true, force: true });
    },
  );
  return record!;
}

async function main() {
  if (process.env.BENCH_DATABASE_URL)
    throw new Error(
      "map: BENCH_DATABASE_URL is not used; BENCH_DATABASE=postgres runs on a scratch database",
    );
  const server = POSTGRES ? await durablePostgres() : undefined;
  const runs = await repeatRuns((run) => once(run, server));
  const pass = finish(
    "map",
    runs,
    {
      data_ms: { max: 100 },
      js_gzip_kb: { max: 300 },
      interactive_ms: { max: 1500 },
      repaint_ms: { max: 200 },
    },
    {
      runs: RUNS,
      per_run:
        "each run starts its own switch server, console (npm start's scripts/server.mjs, default log level) on a fresh database, and Chromium; all stopped at the end of the run",
      services: TOTAL,
      stacks: STACKS,
      per_stack: PER_STACK,
      edges:
        "each service depends on two in the layer below; every stack but each fourth depends on the next",
      checks: `one http check per service every ${INTERVAL}; ${TARGET} every 1s (the flip target)`,
      database: server
        ? "postgres: a fresh scratch database per run on the durable BENCH_PG_URL server"
        : "embedded PGlite (as shipped: no fsync in PGlite's Node filesystem), a fresh data folder per run",
      ...(server ? { postgres: server.settings } : {}),
      measured_after: "every declared service evaluated (none unknown, all up) in GET /api/v1/map",
      data_ms: `GET /api/v1/map signed in (fetch, accepting gzip/br as a browser does), full body read, p95 of ${REQUESTS} sequential requests after 5 warm-ups, per run; the figure is the median of the runs' p95`,
      page_ms: `GET /map HTML signed in, full body read, p95 of ${REQUESTS} sequential requests after 3 warm-ups, per run`,
      js_gzip_kb: "every script response of a cold /map load, each gzipped (zlib level 6), summed",
      interactive_ms: `per run the median of ${PAGE_LOADS} cold-cache loads (after 1 warm-up load): navigation start until all ${TOTAL} services are drawn on the map with their state (below readable zoom as cells of their stack's overview node, see components/service-map/build-graph.ts) and the search box has received focus for a "/" key press sent right after; the figure is the median of the runs`,
      repaint_ms: `per run the p95 of ${REPAINTS} state flips of ${TARGET}: SSE change event arrival in the page -> the node's data-state attribute updated (MutationObserver)`,
      load_breakdown:
        "runs[].details.loads: DOMContentLoaded, last script's responseEnd, SSE snapshot arrival, first service node, all nodes, key answered, long tasks (sum, longest), on the page's clock",
      viewport: "1440x900, whole map fitted (every service drawn)",
      browser: "headless Chromium (--headless=new), fresh context per load (empty cache)",
    },
    server ? "map-postgres" : "map",
  );
  process.exitCode = pass ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
