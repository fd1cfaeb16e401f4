import { gzipSync } from "node:zlib";
import type { Browser, Page } from "@playwright/test";
import { installProbe, type ProbeState } from "./page-probe";

/** Sequential signed-in GETs, each timed until its whole body is read. */
export async function timeRequests(baseUrl: string, pathname: string, cookie: string, n: number) {
  const out: { ms: number; bytes: number }[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(`${baseUrl}${pathname}`, { headers: { cookie } });
    const body = await res.arrayBuffer();
    const ms = performance.now() - t0;
    if (!res.ok) throw new Error(`GET ${pathname}: HTTP ${res.status}`);
    out.push({ ms, bytes: body.byteLength });
  }
  return out;
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
  /** Navigation timing: DOMContentLoaded, load (all scripts run). */
  domContentLoadedMs: number;
  interactiveMs: number;
  longTaskMs: number;
  jsGzipKb: number;
  scripts: { path: string; gzipKb: number }[];
}

/**
 * Opens /map signed in, in a fresh context (empty cache), and waits until `expected` service
 * nodes are rendered; then presses "/" and waits until the search box has focus. Times are the
 * page's own (0 = navigation start). Collects every script response and gzips it.
 */
export async function loadMapPage(
  browser: Browser,
  baseUrl: string,
  cookie: string,
  expected: number,
  watch?: string,
): Promise<MapLoad> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addCookies(
    cookie.split("; ").map((pair) => {
      const i = pair.indexOf("=");
      return { name: pair.slice(0, i), value: pair.slice(i + 1), url: baseUrl };
    }),
  );
  const page = await context.newPage();
  await page.addInitScript({ content: PROBE_SCRIPT });
  const scripts: Promise<{ path: string; gzipKb: number }>[] = [];
  page.on("response", (res) => {
    if (res.request().resourceType() !== "script") return;
    scripts.push(
      res
        .body()
        .then((body) => ({ path: new URL(res.url()).pathname, gzipKb: gzipSync(body).length / 1024 })),
    );
  });
  await page.goto(`${baseUrl}/map`, { waitUntil: "commit" });
  await page.waitForFunction(
    (n) => document.querySelectorAll(".react-flow__node-service").length >= n,
    expected,
    { polling: "raf", timeout: 60_000 },
  );
  await page.keyboard.press("/");
  await page.waitForFunction(
    () => (window as unknown as { __probe: Probe }).__probe.searchFocusedAt !== undefined,
  );
  const probe = await readProbe(page);
  const nav = await page.evaluate(() => {
    const [n] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
    return { dcl: n?.domContentLoadedEventEnd ?? Number.NaN };
  });
  if (watch)
    await page.evaluate((id) => ((window as unknown as { __probe: Probe }).__probe.watch = id), watch);
  const list = await Promise.all(scripts);
  return {
    page,
    nodes: probe.counts[probe.counts.length - 1]?.n ?? 0,
    renderedMs: probe.counts.find((c) => c.n >= expected)?.at ?? Number.NaN,
    snapshotMs: probe.snapshotAt ?? Number.NaN,
    domContentLoadedMs: nav.dcl,
    interactiveMs: probe.searchFocusedAt ?? Number.NaN,
    longTaskMs: Math.round(probe.longTasks.reduce((sum, t) => sum + t.duration, 0)),
    jsGzipKb: list.reduce((sum, s) => sum + s.gzipKb, 0),
    scripts: list.map((s) => ({ path: s.path, gzipKb: Math.round(s.gzipKb * 10) / 10 })),
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
