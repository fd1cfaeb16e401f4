import type {
  PublicComponent,
  PublicIncident,
  PublicIncidentUpdate,
  PublicMaintenance,
  PublicSnapshot,
} from "../types";

/**
 * What subscribers hear of, as the difference between two publications of a page: an incident
 * made public, each new public update, its resolution; maintenance announced (first seen while
 * scheduled), started and completed. An incident that started while every one of its components
 * was under maintenance says nothing. Pure, and built from the public snapshots only.
 */

export type IncidentEventType = "incident.published" | "incident.updated" | "incident.resolved";
export type MaintenanceEventType = "maintenance.scheduled" | "maintenance.started" | "maintenance.completed";

interface EventBase {
  /** Stable across replays and replicas: the outbox's dedupe key is made from it. */
  key: string;
  /** ISO instant the event happened. */
  at: string;
  /** Leaf component ids it concerns. */
  components: string[];
}

export type StatusEvent =
  | (EventBase & { type: IncidentEventType; incident: PublicIncident; update: PublicIncidentUpdate })
  | (EventBase & { type: MaintenanceEventType; maintenance: PublicMaintenance });

/**
 * What appears for the first time although it is older than the previous publication (a
 * component added to the page brings its past) is not news.
 */
const STALE_MS = 5 * 60_000;

const updateKey = (u: PublicIncidentUpdate) => `${u.at}|${u.status}`;
const oldestFirst = (a: { at: string }, b: { at: string }) => Date.parse(a.at) - Date.parse(b.at);

/** Nothing to compare with (the first publication ever) says nothing: no flood of old news. */
export function diffSnapshots(prev: PublicSnapshot | null, next: PublicSnapshot): StatusEvent[] {
  if (!prev) return [];
  const since = Date.parse(prev.generatedAt) - STALE_MS;
  // The newer word on a window (its end) wins.
  const windows = uniqueById([...prev.maintenance, ...next.maintenance]);
  return [...incidentEvents(prev, next, windows, since), ...maintenanceEvents(prev, next, since)];
}

function incidentEvents(
  prev: PublicSnapshot,
  next: PublicSnapshot,
  windows: readonly PublicMaintenance[],
  since: number,
): StatusEvent[] {
  const before = new Map([...prev.incidents, ...prev.history].map((i) => [i.id, i]));
  const events: StatusEvent[] = [];
  const incidents = [...next.incidents, ...next.history].sort(
    (a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt),
  );
  for (const incident of incidents) {
    if (duringMaintenance(incident, windows)) continue;
    const old = before.get(incident.id);
    const event = (type: IncidentEventType, update: PublicIncidentUpdate): StatusEvent => ({
      type,
      key: `incident:${incident.id}:${updateKey(update)}`,
      at: update.at,
      components: incident.components,
      incident,
      update,
    });
    if (!old) {
      // Made public now: one message with its latest word, however many updates it already has.
      const latest = [...incident.updates].sort(oldestFirst).at(-1);
      if (!latest) continue;
      if (incident.status === "resolved" && Date.parse(incident.resolvedAt ?? latest.at) < since) continue;
      events.push(event(latest.status === "resolved" ? "incident.resolved" : "incident.published", latest));
      continue;
    }
    const seen = new Set(old.updates.map(updateKey));
    for (const u of incident.updates.filter((x) => !seen.has(updateKey(x))).sort(oldestFirst))
      events.push(event(u.status === "resolved" ? "incident.resolved" : "incident.updated", u));
  }
  return events;
}

function maintenanceEvents(prev: PublicSnapshot, next: PublicSnapshot, since: number): StatusEvent[] {
  const before = new Map(prev.maintenance.map((m) => [m.id, m]));
  const events: StatusEvent[] = [];
  const event = (type: MaintenanceEventType, m: PublicMaintenance, at: string): StatusEvent => ({
    type,
    key: `maintenance:${m.id}:${type.split(".")[1]}`,
    at,
    components: m.components,
    maintenance: m,
  });
  for (const m of [...next.maintenance].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))) {
    const old = before.get(m.id);
    if (old?.state === m.state) continue;
    if (m.state === "scheduled") {
      if (!old) events.push(event("maintenance.scheduled", m, next.generatedAt));
    } else if (m.state === "in_progress") {
      if (old || Date.parse(m.start) >= since) events.push(event("maintenance.started", m, m.start));
    } else if (old) {
      events.push(event("maintenance.completed", m, m.end ?? next.generatedAt));
    }
  }
  return events;
}

/** Whether every component of the incident was under a window in progress when it started. */
export function duringMaintenance(incident: PublicIncident, windows: readonly PublicMaintenance[]): boolean {
  const started = Date.parse(incident.startedAt);
  if (incident.components.length === 0 || Number.isNaN(started)) return false;
  const open = windows.filter(
    (w) => Date.parse(w.start) <= started && (w.end === null || started < Date.parse(w.end)),
  );
  return incident.components.every((c) => open.some((w) => w.components.includes(c)));
}

function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  return [...new Map(items.map((i) => [i.id, i])).values()];
}

/**
 * Whether a subscriber who chose `chosen` (component or group ids; none: the whole page) hears
 * of an event about `components` (leaf ids).
 */
export function concerns(
  chosen: readonly string[],
  components: readonly string[],
  page: readonly PublicComponent[],
): boolean {
  if (chosen.length === 0) return true;
  const wanted = new Set(chosen);
  for (const group of page)
    if (wanted.has(group.id)) for (const child of group.children ?? []) wanted.add(child.id);
  return components.some((c) => wanted.has(c));
}
