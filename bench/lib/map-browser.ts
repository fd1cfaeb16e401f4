import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { installProbe, type ProbeState } from "./page-probe";

/**
 * Sequential signed-in GETs, each timed until its whole body is read (`ms`), and until the
 * response headers arrived (`headersMs`: the server's own time, before the body streams).
 * fetch asks for compressed answers as a browser does; `encoding` is what the server chose.
 */
export async function timeRequests(baseUrl: string, pathname: string, cookie: string, n: number) {
  const out: { ms: number; headersMs: number; bytes: number; encoding: string }[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(`${baseUrl}${pathname}`, { headers: { cookie } });
    const headersMs = performance.now() - t0;
    const body = await res.arrayBuffer();
    const ms = performance.now() - t0;
    if (!res.ok) throw new Error(`GET ${pathname}: HTTP ${res.status}`);
    out.push({
      ms,
      headersMs,
      bytes: body.byteLength,
      encoding: res.headers.get("content-encoding") ?? "identity",
    });
  }
  return out;
}

/** Headless Chromium as the map benchmarks run it (CHROMIUM_PATH, default /usr/bin/chromium). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--headless=new", "--disable-dev-shm-usage", "--disable-gpu"],
  });
}

type Probe = ProbeState;
const readProbe = (page: Page) => page.evaluate(() => (window as unknown as { __probe: Probe }).__probe);

// tsx compiles with keepNames, which wraps functions in `__name(...)`: give the page a no-op one.
const PROBE_SCRIPT = `var __name = (f) => f; (${installProbe.toString()})();`;

export interface MapLoad {
  page: Page;
  nodes: number;
  renderedMs: number;
  snapshotMs: number;
  /** Characters of the stream's first snapshot event. */
  snapshotBytes: number;
  /** When the first service nodes appeared. */
  firstNodesMs: number;
  /** Navigation timing: DOMContentLoaded. */
  domContentLoadedMs: number;
  /** Resource timing: the last script's responseEnd. */
  scriptsLoadedMs: number;
  interactiveMs: number;
  /** Long tasks (> 50 ms) until the key press was answered: their sum and the longest. */
  longTaskMs: number;
  longestTaskMs: number;
  jsGzipKb: number;
  scripts: { path: string; gzipKb: number }[];
  /** With a trace: where the main thread's time went during the load. */
  analysis?: TraceAnalysis;
}

export interface TraceAnalysis {
  trace: string;
  profile: string;
  /** Main-thread self time per kind of work, from navigation until the key press was answered. */
  mainThreadSelfMs: Record<string, number>;
  /** The page's JavaScript self time per script (CPU profile), plus garbage collection and idle. */
  jsSelfMsByScript: Record<string, number>;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

/** What a script chunk holds, from markers in its text (chunk names are content hashes). */
function scriptLabel(text: string): string | undefined {
  if (text.includes("react-flow__node") && text.includes("map-search"))
    return "the map: xyflow + components/service-map";
  if (text.includes("react-flow__node")) return "xyflow";
  if (text.includes("unstable_scheduleCallback") && text.includes("react-dom")) return "react-dom";
  if (text.includes("__turbopack")) return "turbopack runtime";
  return undefined;
}

/** Which kind of work a main-thread trace event is (Chrome's own event names). */
function kindOf(name: string): string {
  if (/GC|Scavenge|MarkCompact/i.test(name)) return "gc";
  if (/^(v8\.compile|v8\.parse|V8\.Compile|V8\.Parse)|Compile|ParseScript/i.test(name))
    return "parse_compile";
  if (
    /^(FunctionCall|EvaluateScript|RunMicrotasks|TimerFire|FireAnimationFrame|EventDispatch|V8\.|v8\.|BlinkScheduler_PerformMicrotaskCheckpoint)/.test(
      name,
    )
  )
    return "scripting";
  if (
    /^(UpdateLayoutTree|Layout|RecalculateStyles|InvalidateLayout|HitTest|ScheduleStyleRecalculation)/.test(
      name,
    )
  )
    return "style_layout";
  if (/^(Paint|PrePaint|Commit|Layerize|CompositeLayers|UpdateLayer|PaintImage|Decode)/.test(name))
    return "paint_composite";
  if (/^(ParseHTML|HTMLDocumentParser)/.test(name)) return "html";
  return "other";
}

/** Self time (a child's time taken out of its parent's) of the renderer's main thread, by kind. */
export function mainThreadSelfTime(tracePath: string): Record<string, number> {
  const raw = JSON.parse(readFileSync(tracePath, "utf8")) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  if (!main) return {};
  const xs = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X" && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<TraceEvent, number>();
  const stack: TraceEvent[] = [];
  for (const e of xs) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur! <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent, (self.get(parent) ?? 0) - e.dur!);
    self.set(e, (self.get(e) ?? 0) + e.dur!);
    stack.push(e);
  }
  const out: Record<string, number> = {};
  for (const [e, us] of self) out[kindOf(e.name)] = (out[kindOf(e.name)] ?? 0) + us / 1000;
  return Object.fromEntries(
    Object.entries(out)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => [k, Math.round(v)]),
  );
}

interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per script (its path; or "(idle)", "(garbage collector)", "(program)"), largest first. */
export function jsSelfTimeByScript(profile: CpuProfile): Record<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id);
    const key = f?.url ? new URL(f.url).pathname : (f?.functionName ?? "?");
    // A sample's time is the delta to the next sample.
    out.set(key, (out.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  return Object.fromEntries(
    [...out]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([k, v]) => [k, Math.round(v)]),
  );
}

/** A desktop-sized browser context carrying the bench's session cookie for `baseUrl`. */
export async function signedInContext(
  browser: Browser,
  baseUrl: string,
  cookie: string,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addCookies(
    cookie.split("; ").map((pair) => {
      const i = pair.indexOf("=");
      return { name: pair.slice(0, i), value: pair.slice(i + 1), url: baseUrl };
    }),
  );
  return context;
}

/**
 * Opens /map signed in, in a fresh context (empty cache), and waits until `expected` services
 * are drawn (`[data-map-service]`: service nodes, or cells of overview stacks); then presses "/" and waits until the search box has focus. Times are the
 * page's own (0 = navigation start). Collects every script response and gzips it. With `tracePath`,
 * records a Chrome trace of the load (open it in chrome://tracing or Perfetto).
 */
export async function loadMapPage(
  browser: Browser,
  baseUrl: string,
  cookie: string,
  expected: number,
  watch?: string,
  tracePath?: string,
): Promise<MapLoad> {
  const context = await signedInContext(browser, baseUrl, cookie);
  const page = await context.newPage();
  await page.addInitScript({ content: PROBE_SCRIPT });
  const scripts: Promise<{ path: string; gzipKb: number; label?: string }>[] = [];
  page.on("response", (res) => {
    if (res.request().resourceType() !== "script") return;
    scripts.push(
      res.body().then((body) => ({
        path: new URL(res.url()).pathname,
        gzipKb: gzipSync(body).length / 1024,
        label: scriptLabel(body.toString("latin1")),
      })),
    );
  });
  // A Chrome trace, and a CPU profile of the page's JavaScript (which script the time is spent in).
  const cdp = tracePath ? await context.newCDPSession(page) : undefined;
  if (tracePath && cdp) {
    await browser.startTracing(page, { path: tracePath, screenshots: false });
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
    await cdp.send("Profiler.start");
  }
  await page.goto(`${baseUrl}/map`, { waitUntil: "commit" });
  await page.waitForFunction((n) => document.querySelectorAll("[data-map-service]").length >= n, expected, {
    polling: "raf",
    timeout: 60_000,
  });
  await page.keyboard.press("/");
  await page.waitForFunction(
    () => (window as unknown as { __probe: Probe }).__probe.searchFocusedAt !== undefined,
  );
  let analysis: TraceAnalysis | undefined;
  if (tracePath && cdp) {
    const { profile } = await cdp.send("Profiler.stop");
    await browser.stopTracing();
    const profilePath = tracePath.replace(/(\.json)?$/, ".cpuprofile");
    writeFileSync(profilePath, JSON.stringify(profile));
    analysis = {
      trace: tracePath,
      profile: profilePath,
      mainThreadSelfMs: mainThreadSelfTime(tracePath),
      jsSelfMsByScript: jsSelfTimeByScript(profile as unknown as CpuProfile),
    };
  }
  const list = await Promise.all(scripts);
  if (analysis) {
    // Name the chunks the time was spent in ("/_next/static/chunks/x.js (react-dom)").
    const labels = new Map(list.filter((s) => s.label).map((s) => [s.path, `${s.path} (${s.label})`]));
    analysis.jsSelfMsByScript = Object.fromEntries(
      Object.entries(analysis.jsSelfMsByScript).map(([k, v]) => [labels.get(k) ?? k, v]),
    );
  }
  const probe = await readProbe(page);
  const nav = await page.evaluate(() => {
    const [n] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
    const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter(
      (r) => r.initiatorType === "script",
    );
    return {
      dcl: n?.domContentLoadedEventEnd ?? Number.NaN,
      scripts: scripts.length ? Math.max(...scripts.map((r) => r.responseEnd)) : Number.NaN,
    };
  });
  const untilKey = probe.longTasks.filter((t) => t.start < (probe.searchFocusedAt ?? Infinity));
  if (watch)
    await page.evaluate((id) => ((window as unknown as { __probe: Probe }).__probe.watch = id), watch);
  return {
    page,
    nodes: probe.counts[probe.counts.length - 1]?.n ?? 0,
    renderedMs: probe.counts.find((c) => c.n >= expected)?.at ?? Number.NaN,
    snapshotMs: probe.snapshotAt ?? Number.NaN,
    snapshotBytes: probe.snapshotChars ?? 0,
    firstNodesMs: probe.counts.find((c) => c.n > 0)?.at ?? Number.NaN,
    domContentLoadedMs: nav.dcl,
    scriptsLoadedMs: nav.scripts,
    interactiveMs: probe.searchFocusedAt ?? Number.NaN,
    longTaskMs: Math.round(untilKey.reduce((sum, t) => sum + t.duration, 0)),
    longestTaskMs: Math.round(Math.max(0, ...untilKey.map((t) => t.duration))),
    jsGzipKb: list.reduce((sum, s) => sum + s.gzipKb, 0),
    scripts: list.map((s) => ({ path: s.path, gzipKb: Math.round(s.gzipKb * 10) / 10 })),
    ...(analysis ? { analysis } : {}),
  };
}

/**
 * Flips the watched service `n` times (down, up, down, ...) and waits each time until the
 * page has repainted its node; returns what the probe measured.
 */
export async function watchRepaints(page: Page, n: number, flip: (failing: boolean) => void) {
  for (let i = 0; i < n; i++) {
    const before = (await readProbe(page)).repaints.length;
    flip(i % 2 === 0);
    await page.waitForFunction(
      (count) => {
        const p = (window as unknown as { __probe: Probe }).__probe;
        return p.repaints.length > count && p.repaints[p.repaints.length - 1].frameAt !== undefined;
      },
      before,
      { timeout: 30_000 },
    );
    process.stdout.write(".");
  }
  process.stdout.write("\n");
  return (await readProbe(page)).repaints;
}
