import { chromium, type Browser, type Page } from "@playwright/test";
import { signedInContext } from "./map-browser";

/**
 * A signed-in headless Chromium page on /map that records, on the page, every state the node of
 * one watched service shows: a MutationObserver reads the node's `data-state` attribute after
 * each DOM change (an attribute update or a re-mounted node) and stamps each new value with
 * `performance.timeOrigin + performance.now()`, the same epoch-based clock as the bench's
 * `nowEpoch()`. The stamp is the moment the DOM says so (React has committed), taken in the page.
 */

export const nowEpoch = () => performance.timeOrigin + performance.now();

interface WatchState {
  id: string;
  seen: { state: string; at: number }[];
}

type Win = { __watch: WatchState };

/** Runs in the page before its own scripts. Plain DOM API only. */
function installWatch(id: string) {
  const w: WatchState = { id, seen: [] };
  (window as unknown as Win).__watch = w;
  const selector = `[data-testid="service-${CSS.escape(id)}"]`;
  const look = () => {
    const at = performance.timeOrigin + performance.now();
    const el = document.querySelector(selector);
    const state = el?.getAttribute("data-state") ?? "";
    const last = w.seen[w.seen.length - 1];
    if (el && state && last?.state !== state) w.seen.push({ state, at });
  };
  const start = () => {
    new MutationObserver(look).observe(document.documentElement, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-state"],
    });
    look();
  };
  if (document.documentElement) start();
  else document.addEventListener("DOMContentLoaded", start);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--headless=new",
      "--disable-dev-shm-usage",
      "--disable-gpu",
      // Every watcher is a tab in front of someone: no background throttling.
      "--disable-background-timer-throttling",
      "--disable-renderer-backgrounding",
      "--disable-backgrounding-occluded-windows",
    ],
  });
}

export interface Watcher {
  page: Page;
  baseUrl: string;
  /** Node clock minus page clock, estimated at open (midpoint of a page.evaluate round trip). */
  clock: { offsetMs: number; roundTripMs: number };
  /** The first stamp (epoch ms) at or after `since` when the node showed `state`. */
  waitState(state: string, since: number, timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

// tsx compiles with keepNames, which wraps functions in `__name(...)`: give the page a no-op one.
const script = (id: string) => `var __name = (f) => f; (${installWatch.toString()})(${JSON.stringify(id)});`;

/** Opens /map on `baseUrl` signed in with `cookie` (its own context) and waits until `id` shows `initial`. */
export async function openWatcher(
  browser: Browser,
  baseUrl: string,
  cookie: string,
  id: string,
  initial: string,
): Promise<Watcher> {
  const context = await signedInContext(browser, baseUrl, cookie);
  const page = await context.newPage();
  await page.addInitScript({ content: script(id) });
  await page.goto(`${baseUrl}/map`, { waitUntil: "commit" });
  const waitState = async (state: string, since: number, timeoutMs: number) => {
    const handle = await page.waitForFunction(
      ([s, t]) => (window as unknown as Win).__watch.seen.find((x) => x.state === s && x.at >= t)?.at,
      [state, since] as const,
      { polling: 50, timeout: timeoutMs },
    );
    return (await handle.jsonValue()) as number;
  };
  await waitState(initial, 0, 60_000).catch(async (error: unknown) => {
    const seen = await page.evaluate(() => (window as unknown as Win).__watch.seen).catch(() => []);
    throw new Error(
      `${baseUrl}/map never showed ${id} ${initial} (seen ${JSON.stringify(seen)}): ${String(error)}`,
    );
  });
  // Both clocks are the system clock at their origin plus a monotonic clock: they should agree.
  let best = { offsetMs: 0, roundTripMs: Infinity };
  for (let i = 0; i < 5; i++) {
    const t0 = nowEpoch();
    const inPage = await page.evaluate(() => performance.timeOrigin + performance.now());
    const t1 = nowEpoch();
    if (t1 - t0 < best.roundTripMs) best = { offsetMs: (t0 + t1) / 2 - inPage, roundTripMs: t1 - t0 };
  }
  if (Math.abs(best.offsetMs) > best.roundTripMs / 2 + 5)
    throw new Error(
      `page clock differs from the bench's by ${best.offsetMs.toFixed(1)} ms: stamps not comparable`,
    );
  return {
    page,
    baseUrl,
    clock: {
      offsetMs: Math.round(best.offsetMs * 100) / 100,
      roundTripMs: Math.round(best.roundTripMs * 100) / 100,
    },
    waitState,
    close: () => context.close(),
  };
}
