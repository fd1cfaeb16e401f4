/**
 * A snapshot that fills every field: 90 days, two groups (one troubled, one fine), an open
 * incident with three updates, a resolved one, ongoing, scheduled and completed maintenance.
 * `hostile` appends markup, quotes, `]]>` and control characters to every string, ids included.
 */
import type { ComponentStatus, PublicComponent, PublicDay, PublicSnapshot } from "../types";

export const HOSTILE = `<script>alert(1)</script>"onmouseover=alert(2) onerror=alert(3) x='y' ]]> \u0000\u0001\u0008\u000b\u001b\u007f\ufffe &amp;`;
export const NOW = "2026-12-07T14:30:00.000Z";
const DAY_MS = 86_400_000;

/** YYYY-MM-DD, `daysAgo` days before NOW. */
export function dayAgo(daysAgo: number): string {
  return new Date(Date.parse(NOW) - daysAgo * DAY_MS).toISOString().slice(0, 10);
}

function days(special: Record<number, Partial<PublicDay>>, noDataBefore = 90): PublicDay[] {
  return Array.from({ length: 90 }, (_, i) => {
    const ago = 89 - i;
    const known = ago < noDataBefore;
    return {
      date: dayAgo(ago),
      uptime: known ? 100 : null,
      worst: known ? ("operational" as ComponentStatus) : null,
      majorMs: 0,
      partialMs: 0,
      maintenanceMs: 0,
      incidents: [],
      ...special[ago],
    };
  });
}

export function buildSnapshot(opts: { hostile?: boolean } = {}): PublicSnapshot {
  const h = (s: string) => (opts.hostile ? `${s} ${HOSTILE}` : s);
  const leaf = (id: string, name: string, status: ComponentStatus, d: PublicDay[]): PublicComponent => ({
    id: h(id),
    name: h(name),
    description: h(`${name} description`),
    status,
    uptime: { percent: 99.95, days: d },
  });
  const slow = { worst: "degraded_performance" as const, uptime: 100, incidents: [h("42")] };
  const failover = {
    worst: "partial_outage" as const,
    uptime: 99.1,
    partialMs: 12 * 60_000,
    incidents: [h("41")],
  };
  const api = leaf("api", "Public API", "degraded_performance", days({ 0: slow, 5: failover }));
  const webApp = leaf("web-app", "Web app", "degraded_performance", days({ 0: slow }));
  const cdn = leaf(
    "cdn",
    "CDN",
    "operational",
    days({ 3: { worst: "under_maintenance", maintenanceMs: 3_600_000 } }),
  );
  const db = leaf("db", "Database", "operational", days({ 5: failover }));
  const cache = leaf("cache", "Cache", "operational", days({}, 80));
  const group = (id: string, name: string, status: ComponentStatus, children: PublicComponent[]) => ({
    ...leaf(id, name, status, days({})),
    children,
  });
  return {
    version: 1,
    page: {
      id: h("customers"),
      title: h("Acme status"),
      description: h("Live status of Acme services"),
      logoUrl: opts.hostile ? `javascript:alert(1)//${HOSTILE}` : "https://cdn.example.com/logo.svg",
      accent: opts.hostile ? `#fff" onload="alert(3)` : "#5b21b6",
      timeZone: opts.hostile ? h("Europe/Berlin") : "UTC",
    },
    generatedAt: NOW,
    overall: { status: "degraded_performance", text: h("Some systems are degraded") },
    components: [
      api,
      group("web", "Website", "degraded_performance", [webApp, cdn]),
      group("data", "Data stores", "operational", [db, cache]),
    ],
    incidents: [
      {
        id: h("42"),
        title: h("Slow checkout"),
        status: "identified",
        impact: "degraded_performance",
        components: [h("web-app"), h("api"), h("not-on-this-page")],
        startedAt: "2026-12-07T13:00:00.000Z",
        resolvedAt: null,
        updates: [
          {
            at: "2026-12-07T14:02:00.000Z",
            status: "identified",
            text: h("Third: a fix is rolling out.\nEta 15 min."),
          },
          { at: "2026-12-07T13:20:00.000Z", status: "identified", text: h("Second: cause found.") },
          {
            at: opts.hostile ? h("2026-12-07T13:00") : "2026-12-07T13:00:00.000Z",
            status: "investigating",
            text: h("First: looking."),
          },
        ],
      },
    ],
    history: [
      {
        id: h("41"),
        title: h("Database failover"),
        status: "resolved",
        impact: "partial_outage",
        components: [h("db"), h("api")],
        startedAt: "2026-12-02T09:00:00.000Z",
        resolvedAt: "2026-12-02T09:12:00.000Z",
        updates: [
          { at: "2026-12-02T09:12:00.000Z", status: "resolved", text: h("Failover done.") },
          { at: "2026-12-02T09:00:00.000Z", status: "investigating", text: h("Primary unreachable.") },
        ],
      },
    ],
    maintenance: [
      {
        id: h("m-ongoing"),
        title: h("Network upgrade"),
        description: h("Switches are being replaced."),
        components: [h("cdn")],
        start: "2026-12-07T12:00:00.000Z",
        end: null,
        state: "in_progress",
      },
      {
        id: h("m-scheduled"),
        title: h("Database upgrade"),
        description: h("Postgres 18."),
        components: [h("db")],
        start: "2026-12-10T02:00:00.000Z",
        end: "2026-12-10T03:00:00.000Z",
        state: "scheduled",
      },
      {
        id: h("m-done"),
        title: h("Cache resize"),
        components: [h("cache")],
        start: "2026-12-04T10:00:00.000Z",
        end: "2026-12-04T10:30:00.000Z",
        state: "completed",
      },
    ],
  };
}
