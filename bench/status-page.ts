/**
 * Status page (issue 13, `bench/results/status-page.json`):
 * - `publish_p95_ms` (target < 1 s), database up: per public incident update (20 per run, one
 *   after another), from `POST /api/v1/incidents/:id/commands` answering until the first
 *   `GET /status/<page>/api/status.json` (polled every 10 ms) whose body holds the update's text.
 *   The run's value is the nearest-rank p95 of its 20 delays.
 * - `page_kb_gz` (target < 100 KB): the page's HTML plus `/status/_assets/status.css` and
 *   `status.js`, each as served with `Accept-Encoding: gzip` (Content-Length), 1 KB = 1024 bytes.
 * - `html_req_per_s`, `json_req_per_s` (target >= 3,000 each) and `html_p99_ms`, `json_p99_ms`
 *   (target < 25 ms), with the database unreachable: autocannon, 20 connections for 10 s after a
 *   3 s warm-up, on loopback, `Accept-Encoding: gzip`, against `/status/<page>` and then
 *   `/status/<page>/api/status.json`; requests/s is autocannon's mean of its per-second counts,
 *   p99 the nearest rank over every response's time.
 * Every run is independent: a target process for the checks, a scratch database on the durable
 * server (BENCH_PG_URL) filled with 90 days of history before the console starts, a TCP proxy
 * between the console and the server (closed to take the database away: the shared server stays
 * up), a config of 20 services and a page of 20 components in 5 groups, and the console as
 * `npm start` runs it (scripts/server.mjs, default log level).
 *
 * One command: `npx tsx bench/status-page.ts` (needs a build and BENCH_PG_URL).
 * Environment: BENCH_RUNS (3), BENCH_UPDATES (20), BENCH_CONNECTIONS (20), BENCH_LOAD_S (10),
 * BENCH_WARMUP_S (3).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import pg from "pg";
import { withCleanup } from "./lib/cleanup";
import { signIn, startConsoleApp, type ConsoleApp } from "./lib/console-app";
import { durablePostgres, type DurableServer } from "./lib/durable-postgres";
import { getRaw, runLoad, type LoadResult } from "./lib/http-load";
import { cpuSeconds, machineBusySeconds, processTree } from "./lib/proc";
import { finish, percentile, repeatRuns, round, RUNS, type RunRecord } from "./lib/results";
import { scratchPostgres, type ScratchPostgres } from "./lib/scratch-postgres";
import { writeStatusHistory, type HistoryCounts } from "./lib/status-history";
import { startTargetServer, type TargetServer } from "./lib/target-server";
import { startTcpProxy, type TcpProxy } from "./lib/tcp-proxy";

const UPDATES = Number(process.env.BENCH_UPDATES ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const LOAD_S = Number(process.env.BENCH_LOAD_S ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const POLL_MS = 10;
const PUBLISH_TIMEOUT_MS = 10_000;
const PAGE = "acme";
const PAGE_TITLE = "Acme status";
const HISTORY_DAYS = 90;
const HISTORY_INCIDENTS = 30;
/** What a browser sends that matters to the answer. */
const GZIP = { "accept-encoding": "gzip, deflate, br" };

/** 20 public components in 5 groups, one service each. */
const GROUPS: { name: string; components: string[] }[] = [
  { name: "Storefront", components: ["Website", "Product pages", "Search", "Images"] },
  { name: "Checkout", components: ["Cart", "Payments", "Order confirmation", "Invoices"] },
  { name: "Accounts", components: ["Login", "Sign-up", "Password reset", "Single sign-on"] },
  { name: "Developer API", components: ["REST API", "Webhooks", "GraphQL API", "API keys"] },
  { name: "Back office", components: ["Reports", "Exports", "Notifications", "File uploads"] },
];
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
const SERVICES = GROUPS.flatMap((g) => g.components.map((c) => `${slug(c)}-svc`));
const LEAVES = SERVICES.length;
const COMPONENTS = LEAVES + GROUPS.length;
const INCIDENT_SERVICES = ["payments-svc", "cart-svc"];

function statusConfig(targetPort: number): string {
  const lines = ["version: 1", "settings:", "  discoverContainers: false", "services:"];
  for (const id of SERVICES)
    lines.push(
      `  - id: ${id}`,
      "    checks:",
      "      - id: http",
      "        kind: http",
      `        url: http://127.0.0.1:${targetPort}/health/${id}`,
      '        expect: [status == 200, json.status == "ok"]',
    );
  lines.push(
    "statusPages:",
    `  - id: ${PAGE}`,
    `    title: ${PAGE_TITLE}`,
    "    description: How Acme's shop, accounts and API are doing right now, and what happened lately.",
    "    default: true",
    '    accent: "#2563eb"',
    "    components:",
  );
  for (const g of GROUPS) {
    lines.push(
      `      - name: ${g.name}`,
      `        description: Everything ${g.name.toLowerCase()} depends on.`,
      "        components:",
    );
    for (const c of g.components)
      lines.push(
        `          - { name: ${c}, description: "${c} for customers and partners.", services: [${slug(c)}-svc] }`,
      );
  }
  return `${lines.join("\n")}\n`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Snapshot {
  overall: { status: string };
  components: { id: string; status: string; children?: { id: string; status: string }[] }[];
  incidents: { id: string; status: string; updates: { text: string }[] }[];
  history: { id: string }[];
}

const flat = (s: Snapshot) => s.components.flatMap((c) => [c, ...(c.children ?? [])]);

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  tail: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${what}: not within ${timeoutMs / 1000} s${last ? ` (${String(last)})` : ""}\n${tail()}`,
      );
    await sleep(100);
  }
}

/** Sizes of one endpoint as served: raw and with gzip (Content-Length checked against the bytes). */
async function weigh(url: string) {
  const plain = await getRaw(url);
  const gz = await getRaw(url, GZIP);
  for (const [r, enc] of [
    [plain, undefined],
    [gz, "gzip"],
  ] as const) {
    if (r.status !== 200) throw new Error(`GET ${url}: HTTP ${r.status}`);
    if (r.headers["content-encoding"] !== enc)
      throw new Error(`GET ${url}: Content-Encoding ${r.headers["content-encoding"]}, expected ${enc}`);
    if (Number(r.headers["content-length"]) !== r.body.length)
      throw new Error(`GET ${url}: Content-Length ${r.headers["content-length"]}, ${r.body.length} bytes`);
  }
  if (!gunzipSync(gz.body).equals(plain.body))
    throw new Error(`GET ${url}: the gzip body is not the plain one`);
  return {
    raw: plain.body.length,
    gzip: gz.body.length,
    etag: String(gz.headers.etag),
    text: plain.body.toString("utf8"),
  };
}

async function pageWeight(base: string) {
  const html = await weigh(`${base}/status/${PAGE}`);
  const css = await weigh(`${base}/status/_assets/status.css`);
  const js = await weigh(`${base}/status/_assets/status.js`);
  const json = await weigh(`${base}/status/${PAGE}/api/status.json`);
  // Every asset the page refers to is one of the two measured (a strict CSP allows nothing else).
  const refs = [...html.text.matchAll(/(?:src|href)="([^"]+)"/g)]
    .map((m) => m[1])
    .filter((r) => r.includes("_assets"));
  const extra = refs.filter((r) => !/\/status\/_assets\/status\.(css|js)(\?|$)/.test(r));
  if (extra.length) throw new Error(`the page loads assets that are not measured: ${extra.join(", ")}`);
  if (!refs.some((r) => r.includes("status.css")) || !refs.some((r) => r.includes("status.js")))
    throw new Error(`the page does not load status.css and status.js: ${refs.join(", ")}`);
  return {
    bytes: {
      html_raw: html.raw,
      html_gzip: html.gzip,
      css_raw: css.raw,
      css_gzip: css.gzip,
      js_raw: js.raw,
      js_gzip: js.gzip,
      json_raw: json.raw,
      json_gzip: json.gzip,
    },
    gzipTotal: html.gzip + css.gzip + js.gzip,
    html,
    json,
  };
}

async function snapshotOf(base: string): Promise<Snapshot> {
  const res = await fetch(`${base}/status/${PAGE}/api/status.json`);
  if (!res.ok) throw new Error(`status.json: HTTP ${res.status}`);
  return (await res.json()) as Snapshot;
}

/** One public update after another; each until the JSON the page serves holds its text. */
async function measurePublish(app: ConsoleApp, run: number) {
  const cookie = await signIn(app.baseUrl);
  const post = async (pathname: string, body: unknown) => {
    const res = await fetch(`${app.baseUrl}${pathname}`, {
      method: "POST",
      headers: { cookie, origin: app.baseUrl, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${pathname}: HTTP ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ id?: string }>;
  };
  const declared = await post("/api/v1/incidents", {
    title: `INTERNAL bench run ${run + 1}: payment gateway timeouts`,
    severity: "P2",
    services: INCIDENT_SERVICES,
  });
  if (!declared.id) throw new Error(`declaring: no id in ${JSON.stringify(declared)}`);
  const jsonUrl = `${app.baseUrl}/status/${PAGE}/api/status.json`;
  const samples: number[] = [];
  const postMs: number[] = [];
  /** From the POST being sent: the publisher may start before the answer (which waits for the audit record). */
  const fromSent: number[] = [];
  const polls: number[] = [];
  let lastText = "";
  for (let i = 0; i < UPDATES; i++) {
    const text = `Update ${i + 1} (${randomUUID().slice(0, 8)}): some card payments time out at the gateway; we are moving traffic to the second provider.`;
    const sent = performance.now();
    await post(`/api/v1/incidents/${declared.id}/commands`, {
      type: "public",
      text,
      title: "Card payments failing for some customers",
      impact: "major_outage",
    });
    const answered = performance.now();
    let n = 0;
    for (;;) {
      n += 1;
      const res = await fetch(jsonUrl);
      const body = await res.text();
      const at = performance.now();
      if (res.ok && body.includes(text)) {
        samples.push(round(at - answered, 1));
        fromSent.push(round(at - sent, 1));
        postMs.push(round(answered - sent, 1));
        polls.push(n);
        break;
      }
      if (at - answered > PUBLISH_TIMEOUT_MS)
        throw new Error(
          `update ${i + 1} not in status.json ${PUBLISH_TIMEOUT_MS} ms after the POST answered\n${app.tail()}`,
        );
      await sleep(POLL_MS);
    }
    lastText = text;
    // Each update on its own: no debounce shared with the previous one.
    await sleep(300 + Math.random() * 200);
  }
  const s = await snapshotOf(app.baseUrl);
  const incident = s.incidents.find((x) => x.updates.some((u) => u.text === lastText));
  if (!incident || incident.updates.length !== UPDATES)
    throw new Error(
      `the open incident on the page has ${incident?.updates.length ?? 0} updates, expected ${UPDATES}`,
    );
  const affected = flat(s)
    .filter((c) => c.status === "major_outage")
    .map((c) => c.id);
  return { samples, postMs, fromSent, polls, lastText, incidentId: incident.id, affected };
}

/** The page as served to a browser now: 200, gzip, and the real page (checked on its decoded body). */
async function servedVersion(url: string, isThePage: (text: string) => boolean): Promise<string> {
  const r = await getRaw(url, GZIP);
  if (r.status !== 200 || r.headers["content-encoding"] !== "gzip" || !r.headers.etag)
    throw new Error(`GET ${url}: HTTP ${r.status}, ${r.headers["content-encoding"]}, ETag ${r.headers.etag}`);
  if (!isThePage(gunzipSync(r.body).toString("utf8")))
    throw new Error(`GET ${url}: not the page with the incident`);
  return `${r.headers.etag} ${r.headers["content-length"]} gzip`;
}

/** Warm-up, then the measured load; every response must be a version of the page served just before or after. */
async function measureLoad(app: ConsoleApp, url: string, isThePage: (text: string) => boolean) {
  const opts = { url, connections: CONNECTIONS, headers: { ...GZIP, accept: "*/*" } };
  const before = await servedVersion(url, isThePage);
  const warm = await runLoad({ ...opts, durationS: WARMUP_S });
  const cpuBefore = cpuSeconds(processTree(app.rootPid));
  const benchBefore = cpuSeconds([process.pid]);
  const machineBefore = machineBusySeconds();
  const t0 = performance.now();
  const load = await runLoad({ ...opts, durationS: LOAD_S });
  const wallS = (performance.now() - t0) / 1000;
  const consoleCpu = cpuSeconds(processTree(app.rootPid)) - cpuBefore;
  const benchCpu = cpuSeconds([process.pid]) - benchBefore;
  const machineCpu = machineBusySeconds() - machineBefore;
  const allowed = new Set([before, await servedVersion(url, isThePage)]);
  for (const [name, r] of [
    ["warm-up", warm],
    ["load", load],
  ] as const) {
    const strange = Object.keys(r.representations).filter((k) => !allowed.has(k));
    const counted = Object.values(r.representations).reduce((a, b) => a + b, 0);
    if (
      r.non2xx ||
      r.errors ||
      r.timeouts ||
      r.bad.length ||
      strange.length ||
      Math.abs(counted - r.responses) > CONNECTIONS ||
      r.responses === 0
    )
      throw new Error(
        `${url} ${name}: ${r.responses} responses, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts, ${counted} checked, not the published page: ${JSON.stringify({ strange, bad: r.bad })}`,
      );
  }
  // One size on the wire per published version (a response cut short or padded would show here).
  if (Object.keys(load.wireBytes).length > allowed.size)
    throw new Error(
      `${url}: responses of ${Object.keys(load.wireBytes).length} sizes: ${JSON.stringify(load.wireBytes)}`,
    );
  return {
    load,
    warmup: { responses: warm.responses, reqPerS: warm.reqPerS, p99Ms: warm.latencyMs.p99 },
    consoleCpuPercent: round((consoleCpu / wallS) * 100, 1),
    benchCpuPercent: round((benchCpu / wallS) * 100, 1),
    // The rest of the machine's busy time: other processes, and kernel work not charged to a process.
    otherCpuPercent: round(((machineCpu - consoleCpu - benchCpu) / wallS) * 100, 1),
    republished: Object.keys(load.representations).length > 1,
  };
}

function loadDetails(m: Awaited<ReturnType<typeof measureLoad>>) {
  const l: LoadResult = m.load;
  return {
    req_per_s_mean: l.reqPerS,
    req_per_s_total: l.reqPerSTotal,
    responses: l.responses,
    duration_s: l.durationS,
    latency_ms: l.latencyMs,
    autocannon_p99_ms: l.autocannonP99Ms,
    representations: l.representations,
    wire_bytes: l.wireBytes,
    republished_during_load: m.republished,
    console_cpu_percent_of_a_core: m.consoleCpuPercent,
    bench_cpu_percent_of_a_core: m.benchCpuPercent,
    other_cpu_percent_of_a_core: m.otherCpuPercent,
    // autocannon runs on one thread: near a full core, the figure is the load generator's limit, not the console's.
    load_generator_saturated: m.benchCpuPercent >= 90,
    warmup: m.warmup,
  };
}

async function once(run: number, server: DurableServer): Promise<RunRecord> {
  let app: ConsoleApp | undefined;
  let target: TargetServer | undefined;
  let scratch: ScratchPostgres | undefined;
  let proxy: TcpProxy | undefined;
  let configDir: string | undefined;
  let record: RunRecord | undefined;
  await withCleanup(
    async () => {
      const loadAvg = os.loadavg().map((l) => round(l, 2));
      target = await startTargetServer();
      scratch = await scratchPostgres(server.adminUrl, "opsdeck_bench_status");
      const now = Date.now();
      const filler = new pg.Client({ connectionString: scratch.url });
      await filler.connect();
      let history: HistoryCounts;
      try {
        history = await writeStatusHistory(filler, {
          serviceIds: SERVICES,
          now,
          days: HISTORY_DAYS,
          incidents: HISTORY_INCIDENTS,
        });
      } finally {
        await filler.end();
      }
      console.log(
        `history: ${history.stateChanges} state changes (${history.outages} outages or slow spells), ${history.incidents} resolved incidents with ${history.publicUpdates} public updates`,
      );

      const pgAddress = new URL(server.adminUrl);
      proxy = await startTcpProxy({ host: pgAddress.hostname, port: Number(pgAddress.port || 5432) });
      const viaProxy = new URL(scratch.url);
      viaProxy.port = String(proxy.port);
      configDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-status-"));
      const configPath = path.join(configDir, "opsdeck.yml");
      writeFileSync(configPath, statusConfig(target.port));

      const spawnedAt = Date.now();
      app = await startConsoleApp({ configPath, env: { DATABASE_URL: viaProxy.toString() } });
      const a = app;
      const first = await waitFor(
        "status.json answering 200",
        60_000,
        async () =>
          (await fetch(`${a.baseUrl}/status/${PAGE}/api/status.json`)).ok ? Date.now() : undefined,
        a.tail,
      );
      // Steady state: every component operational (the first checks are in) and the whole history read.
      const steady = await waitFor(
        "every component operational with the history on the page",
        120_000,
        async () => {
          const s = await snapshotOf(a.baseUrl);
          const all = flat(s);
          return all.length === COMPONENTS &&
            all.every((c) => c.status === "operational") &&
            s.history.length === HISTORY_INCIDENTS
            ? s
            : undefined;
        },
        a.tail,
      );
      console.log(
        `console on ${a.baseUrl} ready; status.json ${first - spawnedAt} ms after spawn; ${flat(steady).length} components operational, ${steady.history.length} past incidents on the page`,
      );
      const steadyWeight = await pageWeight(a.baseUrl);
      console.log(
        `steady page: HTML ${steadyWeight.bytes.html_raw} B (${steadyWeight.bytes.html_gzip} B gzip), JSON ${steadyWeight.bytes.json_raw} B`,
      );

      // Publication, database up.
      const publishCpu = [
        cpuSeconds(processTree(a.rootPid)),
        cpuSeconds([process.pid]),
        machineBusySeconds(),
      ];
      const publishStart = performance.now();
      const publish = await measurePublish(a, run);
      const publishWallS = (performance.now() - publishStart) / 1000;
      const publishConsole = cpuSeconds(processTree(a.rootPid)) - publishCpu[0];
      const publishOther =
        machineBusySeconds() - publishCpu[2] - publishConsole - (cpuSeconds([process.pid]) - publishCpu[1]);
      const p95 = percentile(publish.samples, 95);
      console.log(
        `publish: p50 ${percentile(publish.samples, 50)} / p95 ${p95} / max ${Math.max(...publish.samples)} ms (POST answered p50 ${percentile(publish.postMs, 50)} ms)`,
      );

      // The page as it is served from now on: the open incident with its updates.
      const weight = await pageWeight(a.baseUrl);
      if (!weight.html.text.includes(publish.lastText) || !weight.html.text.includes(PAGE_TITLE))
        throw new Error("the HTML page does not show the last public update");

      // The database goes away: the proxy refuses and cuts every connection.
      await proxy.close();
      const health = await waitFor(
        "/api/health saying the database is unreachable",
        15_000,
        async () => {
          const h = (await (await fetch(`${a.baseUrl}/api/health`)).json()) as {
            status: string;
            database: { ok: boolean; writes?: string };
          };
          return h.database.ok === false ? h : undefined;
        },
        a.tail,
      );
      const down = await snapshotOf(a.baseUrl);
      if (!down.incidents.some((i) => i.id === publish.incidentId))
        throw new Error("with the database gone, the page no longer shows the open incident");
      console.log(
        `database unreachable (health: ${health.status}, database.ok ${health.database.ok}); loading`,
      );
      await sleep(2000);

      const shows = (text: string) => text.includes(publish.lastText) && text.includes(PAGE_TITLE);
      const html = await measureLoad(a, `${a.baseUrl}/status/${PAGE}`, shows);
      console.log(
        `HTML: ${html.load.reqPerS} req/s, p99 ${html.load.latencyMs.p99} ms (${html.load.responses} responses; console ${html.consoleCpuPercent} %, bench ${html.benchCpuPercent} %, rest of the machine ${html.otherCpuPercent} % of a core)`,
      );
      // Both hold the page's title and the last update's text as written (plain ASCII: nothing escaped in JSON).
      const json = await measureLoad(a, `${a.baseUrl}/status/${PAGE}/api/status.json`, shows);
      console.log(
        `JSON: ${json.load.reqPerS} req/s, p99 ${json.load.latencyMs.p99} ms (${json.load.responses} responses; console ${json.consoleCpuPercent} %, bench ${json.benchCpuPercent} %, rest of the machine ${json.otherCpuPercent} % of a core)`,
      );

      const stillDown = (await (await fetch(`${a.baseUrl}/api/health`)).json()) as {
        database: { ok: boolean };
      };
      if (stillDown.database.ok !== false) throw new Error("the database answered again during the load");
      const problems = a
        .tail()
        .split("\n")
        .filter((l) => /"level":"(warn|error|fatal)"/.test(l))
        .slice(-10);

      record = {
        figures: {
          html_req_per_s: { value: html.load.reqPerS, unit: "req/s" },
          html_p99_ms: { value: html.load.latencyMs.p99, unit: "ms" },
          json_req_per_s: { value: json.load.reqPerS, unit: "req/s" },
          json_p99_ms: { value: json.load.latencyMs.p99, unit: "ms" },
          publish_p95_ms: { value: p95, unit: "ms" },
          page_kb_gz: { value: round(weight.gzipTotal / 1024, 1), unit: "KB" },
        },
        details: {
          load_avg_at_start: loadAvg,
          history: { days: HISTORY_DAYS, services: SERVICES.length, ...history },
          components: { leaves: LEAVES, groups: GROUPS.length },
          console_status_json_after_spawn_ms: first - spawnedAt,
          steady_page_bytes: steadyWeight.bytes,
          steady_page_kb_gz: round(steadyWeight.gzipTotal / 1024, 1),
          loaded_page_bytes: weight.bytes,
          publish: {
            p50_ms: percentile(publish.samples, 50),
            p95_ms: p95,
            max_ms: Math.max(...publish.samples),
            p95_rule: `nearest rank: the ${Math.ceil(0.95 * UPDATES)}th of ${UPDATES} delays sorted ascending`,
            post_answer_ms: { p50: percentile(publish.postMs, 50), max: Math.max(...publish.postMs) },
            from_post_sent_ms: {
              p50: percentile(publish.fromSent, 50),
              p95: percentile(publish.fromSent, 95),
              max: Math.max(...publish.fromSent),
              samples: publish.fromSent,
            },
            polls_until_seen: publish.polls,
            samples_ms: publish.samples,
            components_in_major_outage: publish.affected,
            console_cpu_percent_of_a_core: round((publishConsole / publishWallS) * 100, 1),
            // Postgres's processes are in here too (the database is up during this phase).
            other_cpu_percent_of_a_core: round((publishOther / publishWallS) * 100, 1),
          },
          database_down: {
            health_status: health.status,
            database_ok: health.database.ok,
            proxy_connections: proxy.accepted,
          },
          html: loadDetails(html),
          json: loadDetails(json),
          console_warnings_in_last_lines: problems,
        },
      };
    },
    async () => {
      // A second Ctrl-C relayed by tsx must not end the process before the database is dropped.
      const again = () => console.error("still cleaning up");
      process.on("SIGINT", again).on("SIGTERM", again);
      try {
        await app?.stop();
        await proxy?.close();
        target?.stop();
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
  if (process.env.BENCH_DATABASE_URL)
    throw new Error(
      "status-page: BENCH_DATABASE_URL is not used; each run makes a scratch database on BENCH_PG_URL",
    );
  if (!(UPDATES >= 1 && UPDATES <= 200)) throw new Error("BENCH_UPDATES: expected 1 to 200");
  const server = await durablePostgres();
  const loadBefore = os.loadavg().map((l) => round(l, 2));
  const runs = await repeatRuns((run) => once(run, server));
  const pass = finish(
    "status-page",
    runs,
    {
      html_req_per_s: { min: 3000 },
      html_p99_ms: { max: 25 },
      json_req_per_s: { min: 3000 },
      json_p99_ms: { max: 25 },
      publish_p95_ms: { max: 1000 },
      page_kb_gz: { max: 100 },
    },
    {
      runs: RUNS,
      per_run:
        "a target process answering the checks, a scratch database on the durable server migrated and filled with 90 days of history, a TCP proxy in front of the server, a config file and a console (npm start's scripts/server.mjs, default log level, own data folder: status pages published to <data>/status) on the database through the proxy; all removed at the end of the run",
      config: `${SERVICES.length} services with one http check each (default 30 s interval, status == 200 and json.status == "ok") against the target process; one public status page "${PAGE}" of ${LEAVES} components in ${GROUPS.length} groups, one service each, with descriptions`,
      history: `written before the console starts (bench/lib/status-history.ts, same seed every run): per service a start, a restart a week and 1 to 4 outages (60 %, 2-30 min) or slow spells (5-60 min) a week over ${HISTORY_DAYS} days; ${HISTORY_INCIDENTS} resolved incidents (1-3 services, 20 min to 4 h, each behind an outage of its services) with declared, status, note and 3-4 public update events (title and impact on the first)`,
      publish: `database up: one P2 incident declared on ${INCIDENT_SERVICES.join(", ")} (signed in as admin, session cookie and Origin), then ${UPDATES} public updates one after another (unique text, title, impact major_outage), 300-500 ms apart; per update from the POST's answer to the first GET of status.json (new request every ${POLL_MS} ms after the previous answer) whose body holds the text; per run the nearest-rank p95`,
      page_weight:
        "gzip Content-Length of /status/<page>, /status/_assets/status.css and /status/_assets/status.js as served to Accept-Encoding gzip, after the updates (the open incident on the page), 1 KB = 1024 bytes; the bytes of each, raw and gzip, also before the incident",
      database_down:
        "the TCP proxy between the console and Postgres stops listening and cuts every connection (connect refused afterwards, as with a stopped server; the shared server stays up); /api/health must say database.ok false before the load and after it",
      load: `autocannon ${CONNECTIONS} connections, pipelining 1, in the bench process, on loopback, headers Accept-Encoding "gzip, deflate, br" and Accept */*; ${WARMUP_S} s warm-up then ${LOAD_S} s measured, HTML first then JSON; req_per_s = autocannon's requests.average (mean of per-second counts), p99 = nearest rank over every response's time as autocannon measured it (request written to response complete)`,
      checks:
        "every response of warm-up and load: 200, gzip, with the ETag and Content-Length of the published version fetched before or after the load (the page republishes every 60 s), no errors or timeouts, one wire size per version; the page's HTML loads only the two measured assets",
      database:
        "postgres: a fresh scratch database per run on the durable BENCH_PG_URL server, reached through the bench's TCP proxy",
      postgres: server.settings,
      load_avg_1_5_15: { before: loadBefore, after: os.loadavg().map((l) => round(l, 2)) },
    },
  );
  process.exitCode = pass ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
