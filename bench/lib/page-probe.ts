/**
 * Runs inside the page (Playwright addInitScript) before any of its scripts, and records on the
 * page's own clock (performance.now(), 0 = navigation start):
 * - when the number of services drawn on the map (elements with data-map-service: a service node, or a cell of a stack's overview) changed, and to what;
 * - when the search box received focus (the page answered a key press);
 * - when the stream's first snapshot arrived, and its size;
 * - long tasks (main thread busy for more than 50 ms), for where the time goes;
 * - for one watched service: each SSE `change` event's arrival (the stream listener is wrapped
 *   so the stamp is taken before the app handles the event) and the moment the node's
 *   data-state attribute took the new value, plus the next animation frame after that.
 * Everything is plain browser API, so the probe does not depend on the app's code.
 */

export interface ProbeState {
  counts: { at: number; n: number }[];
  searchFocusedAt?: number;
  /** When the stream's first `snapshot` event reached the page, and its size (characters of data). */
  snapshotAt?: number;
  snapshotChars?: number;
  watch?: string;
  arrivals: { at: number; to: string }[];
  repaints: { to: string; arrivedAt: number; updatedAt: number; frameAt?: number }[];
  longTasks: { start: number; duration: number }[];
}

export function installProbe() {
  const probe: ProbeState = { counts: [], arrivals: [], repaints: [], longTasks: [] };
  (window as unknown as { __probe: ProbeState }).__probe = probe;

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {
    // long task timing unsupported: the figure stays empty
  }

  const nativeAdd = EventSource.prototype.addEventListener;
  EventSource.prototype.addEventListener = function (
    this: EventSource,
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ) {
    if (type === "snapshot" && typeof listener === "function") {
      const stamped = (event: Event) => {
        if (probe.snapshotAt === undefined) {
          probe.snapshotAt = performance.now();
          probe.snapshotChars = String((event as MessageEvent).data ?? "").length;
        }
        listener.call(this, event);
      };
      return nativeAdd.call(this, type, stamped, options);
    }
    if (type !== "change" || typeof listener !== "function")
      return nativeAdd.call(this, type, listener, options);
    const wrapped = (event: Event) => {
      const at = performance.now();
      if (probe.watch) {
        const change = JSON.parse((event as MessageEvent<string>).data) as {
          type: string;
          id: string;
          to: string;
        };
        if (change.type === "service" && change.id === probe.watch)
          probe.arrivals.push({ at, to: change.to });
      }
      listener.call(this, event);
    };
    return nativeAdd.call(this, type, wrapped, options);
  } as typeof EventSource.prototype.addEventListener;

  const observe = () => {
    let last = -1;
    new MutationObserver((records) => {
      const at = performance.now();
      const n = document.querySelectorAll("[data-map-service]").length;
      if (n !== last) {
        last = n;
        probe.counts.push({ at, n });
      }
      if (!probe.watch) return;
      for (const r of records) {
        const el = r.target as HTMLElement;
        if (r.type !== "attributes" || el.dataset.testid !== `service-${probe.watch}`) continue;
        const to = el.dataset.state ?? "";
        const arrival = [...probe.arrivals].reverse().find((a) => a.to === to);
        if (!arrival || probe.repaints.some((p) => p.arrivedAt === arrival.at)) continue;
        const entry: ProbeState["repaints"][number] = { to, arrivedAt: arrival.at, updatedAt: at };
        probe.repaints.push(entry);
        requestAnimationFrame(() => (entry.frameAt = performance.now()));
      }
    }).observe(document.documentElement, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-state"],
    });
    document.addEventListener("focusin", (e) => {
      if ((e.target as HTMLElement).id === "map-search" && probe.searchFocusedAt === undefined)
        probe.searchFocusedAt = performance.now();
    });
  };
  if (document.documentElement) observe();
  else document.addEventListener("DOMContentLoaded", observe);
}
