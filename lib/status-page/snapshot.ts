import type { StateSegment } from "@/lib/monitor/history";
import { occurrencesBetween } from "@/lib/maintenance/occurrences";
import { covers, type ScopedService } from "@/lib/maintenance/scope";
import type { WindowDef } from "@/lib/maintenance/types";
import type { HealthState } from "@/lib/probes/types";
import {
  currentStatus,
  overallOf,
  worstOf,
  type IncidentImpact,
  type ResolvedComponent,
  type ResolvedPage,
} from "./derive";
import type { LatencyHour } from "./queries";
import { componentDays, daySpans, toPublicDay, uptimeOver, UPTIME_DAYS } from "./uptime";
import {
  STATUS_LABEL,
  type PublicComponent,
  type PublicIncident,
  type PublicIncidentStatus,
  type PublicMaintenance,
  type PublicSnapshot,
} from "./types";

/**
 * One page's public snapshot from what the console knows. Every field is copied from an
 * allow-list: component names and descriptions from the page's config, incident titles and
 * texts from public updates only, window titles and descriptions (never notes, owners, reasons,
 * service names or ids). Pure; safe for the client.
 */

export interface IncidentInput {
  /** The incident's internal id: only an opaque hash of it is published (never its number). */
  key: string;
  number: number;
  status: PublicIncidentStatus;
  services: string[];
  /** The severity's public impact, used until an update says otherwise. */
  defaultImpact: IncidentImpact;
  declaredAt: string;
  resolvedAt: string | null;
  /** Public updates, any order; `status` is the incident's status when it was posted. */
  updates: {
    at: string;
    text: string;
    status: PublicIncidentStatus;
    title?: string;
    impact?: IncidentImpact;
  }[];
}

export interface SnapshotInput {
  now: number;
  health: ReadonlyMap<string, HealthState>;
  /** Catalog services, for matching window scopes (stacks and tags). */
  services: readonly ScopedService[];
  incidents: readonly IncidentInput[];
  windows: readonly WindowDef[];
  /** Each service's state segments over the last 90 days (from its state changes). */
  segments: ReadonlyMap<string, readonly StateSegment[]>;
  /** When incidents and history were read (they may be older than `now` while the database is down). */
  incidentsReadAt?: number;
  /** The page's previous publication: a component whose services are all unknown keeps its status. */
  previous?: PublicSnapshot | null;
  /** Response time sums per hour of the services that have HTTP checks (keys: those services). */
  latency?: ReadonlyMap<string, readonly LatencyHour[]>;
}

const HOUR = 3_600_000;
export const RESPONSE_TIME_HOURS = 24;

/** Mean response time per hour over the component's services, when any of them is measured. */
function responseTime(serviceIds: readonly string[], input: SnapshotInput): PublicComponent["responseTime"] {
  const measured = serviceIds.filter((id) => input.latency?.has(id));
  if (measured.length === 0) return undefined;
  const first = Math.floor(input.now / HOUR) * HOUR - (RESPONSE_TIME_HOURS - 1) * HOUR;
  const hours = Array.from({ length: RESPONSE_TIME_HOURS }, (_, i) => ({
    at: first + i * HOUR,
    sum: 0,
    count: 0,
  }));
  for (const id of measured)
    for (const h of input.latency!.get(id)!) {
      const slot = hours[Math.round((h.hour - first) / HOUR)];
      if (!slot) continue;
      slot.sum += h.sum;
      slot.count += h.count;
    }
  return {
    hours: hours.map((h) => ({
      at: new Date(h.at).toISOString(),
      ms: h.count > 0 ? Math.round(h.sum / h.count) : null,
    })),
  };
}

const DAY = 86_400_000;
const UPCOMING_MS = 14 * DAY;
const COMPLETED_MS = 7 * DAY;

export function buildSnapshot(page: ResolvedPage, input: SnapshotInput): PublicSnapshot {
  const leaves = page.components.flatMap((c) => c.children ?? [c]);
  const componentsOf = (serviceIds: readonly string[]) =>
    leaves.filter((c) => c.serviceIds.some((s) => serviceIds.includes(s))).map((c) => c.id);

  const incidents = input.incidents
    .filter((i) => i.updates.length > 0)
    .map((i) => publicIncident(i, componentsOf(i.services), leaves))
    .filter((i) => i.components.length > 0);
  const open = incidents.filter((i) => i.status !== "resolved");
  const openInput = input.incidents.filter(
    (i) => i.status !== "resolved" && open.some((o) => o.id === publicIncidentId(i.key)),
  );
  const openImpacts = openInput.map((i) => ({
    services: i.services,
    impact: open.find((o) => o.id === publicIncidentId(i.key))!.impact,
  }));

  const spans = daySpans(input.now, page.timeZone, UPTIME_DAYS);
  const segmentsOf = (c: ResolvedComponent) => c.serviceIds.map((id) => input.segments.get(id) ?? []);
  const incidentDays = (componentId: string, from: number, to: number) =>
    incidents
      .filter(
        (i) =>
          i.components.includes(componentId) ||
          leavesOf(page, componentId).some((l) => i.components.includes(l)),
      )
      .filter(
        (i) => Date.parse(i.startedAt) < to && (i.resolvedAt === null || Date.parse(i.resolvedAt) >= from),
      )
      .map((i) => i.id);

  const toPublic = (c: ResolvedComponent): PublicComponent => {
    const children = c.children?.map(toPublic);
    const status = children
      ? worstOf(children.map((k) => k.status))
      : currentStatus(c.serviceIds, input.health, openImpacts, previousStatus(input.previous, c.id));
    const days = componentDays(c.children ? c.children.map(segmentsOf) : [segmentsOf(c)], spans);
    const latency = c.children ? undefined : responseTime(c.serviceIds, input);
    return {
      id: c.id,
      name: c.name,
      ...(c.description ? { description: c.description } : {}),
      status,
      ...(children ? { children } : {}),
      uptime: {
        percent: uptimeOver(days),
        days: days.map((d) => toPublicDay(d.span, d.times, incidentDays(c.id, d.span.from, d.span.to))),
      },
      ...(latency ? { responseTime: latency } : {}),
    };
  };
  const components = page.components.map(toPublic);
  const since = input.now - UPTIME_DAYS * DAY;
  return {
    version: 1,
    page: {
      id: page.id,
      title: page.title,
      ...(page.description ? { description: page.description } : {}),
      ...(page.logo ? { logoUrl: page.logo } : {}),
      ...(page.accent ? { accent: page.accent } : {}),
      timeZone: page.timeZone,
    },
    generatedAt: new Date(input.now).toISOString(),
    ...(input.incidentsReadAt !== undefined && input.now - input.incidentsReadAt > STALE_MS
      ? { incidentsAsOf: new Date(input.incidentsReadAt).toISOString() }
      : {}),
    overall: overallOf(components.map((c) => c.status)),
    components,
    incidents: open.sort(newestFirst),
    history: incidents
      .filter((i) => i.status === "resolved" && Date.parse(i.resolvedAt ?? i.startedAt) >= since)
      .sort(newestFirst),
    maintenance: publicMaintenance(input, componentsOf),
  };
}

/** Incidents read longer ago than this are said to be as of then. */
const STALE_MS = 2 * 60_000;

function previousStatus(previous: PublicSnapshot | null | undefined, id: string) {
  return previous?.components.flatMap((c) => [c, ...(c.children ?? [])]).find((c) => c.id === id)?.status;
}

function leavesOf(page: ResolvedPage, id: string): string[] {
  const c = page.components.find((x) => x.id === id);
  return c?.children?.map((k) => k.id) ?? [];
}

const newestFirst = (a: PublicIncident, b: PublicIncident) =>
  Date.parse(b.startedAt) - Date.parse(a.startedAt);

function publicIncident(
  i: IncidentInput,
  components: string[],
  leaves: readonly ResolvedComponent[],
): PublicIncident {
  const updates = [...i.updates].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  const impact = updates.find((u) => u.impact)?.impact ?? i.defaultImpact;
  const names = leaves.filter((l) => components.includes(l.id)).map((l) => l.name);
  const title = updates.find((u) => u.title)?.title ?? `${STATUS_LABEL[impact]}: ${names.join(", ")}`;
  const shown = updates.map((u) => ({ at: u.at, status: u.status, text: u.text }));
  // Resolved without a last public word: the page still says so, in its own words.
  if (i.status === "resolved" && i.resolvedAt && shown[0]?.status !== "resolved")
    shown.unshift({ at: i.resolvedAt, status: "resolved", text: "This incident has been resolved." });
  return {
    id: publicIncidentId(i.key),
    title,
    status: i.status,
    impact,
    components,
    startedAt: i.declaredAt,
    resolvedAt: i.status === "resolved" ? i.resolvedAt : null,
    updates: shown,
  };
}

function publicMaintenance(
  input: SnapshotInput,
  componentsOf: (serviceIds: readonly string[]) => string[],
): PublicMaintenance[] {
  const out: PublicMaintenance[] = [];
  for (const w of input.windows) {
    const serviceIds = input.services.filter((s) => covers(w.scope, s)).map((s) => s.id);
    const components = componentsOf([...serviceIds, ...w.scope.services]);
    if (components.length === 0) continue;
    for (const o of occurrencesBetween(w, input.now - COMPLETED_MS, input.now + UPCOMING_MS).slice(0, 20)) {
      const state =
        o.start > input.now
          ? "scheduled"
          : o.end !== null && o.end <= input.now
            ? "completed"
            : "in_progress";
      out.push({
        id: opaqueId("m", `${w.id}\u0000${o.start}`),
        title: w.title,
        ...(w.description ? { description: w.description } : {}),
        components,
        start: new Date(o.start).toISOString(),
        end: o.end === null ? null : new Date(o.end).toISOString(),
        state,
      });
    }
  }
  const order = { in_progress: 0, scheduled: 1, completed: 2 } as const;
  return out.sort((a, b) => order[a.state] - order[b.state] || Date.parse(a.start) - Date.parse(b.start));
}

/**
 * An incident's public id: stable, and saying nothing of the console (not its number, which
 * would tell how many incidents there were, internal ones included).
 */
export function publicIncidentId(key: string): string {
  return opaqueId("i", key);
}

/**
 * An opaque, stable id (two 32-bit FNV-style hashes): a window's own id or an incident's are
 * internal, and feeds still need ids that do not change between publications.
 */
function opaqueId(prefix: string, text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return `${prefix}${h1.toString(36)}${h2.toString(36)}`;
}
