import type { Severity } from "./severity";

/**
 * The incident's lifecycle and its clocks, as pure functions (safe for the client, so the page
 * counts down with the same rules the server reports).
 */
export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export interface IncidentTimes {
  declaredAt: string;
  acknowledgedAt: string | null;
  identifiedAt: string | null;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  /** The last public update (or the declaration): the "update every" clock runs from here. */
  lastUpdateAt: string | null;
}

export interface Target {
  name: "acknowledge" | "update" | "resolve";
  /** When it is due; null once met (or, for updates, once resolved). */
  dueAt: string | null;
  metAt: string | null;
  overdue: boolean;
  /** Milliseconds left (negative when overdue); null once met. */
  leftMs: number | null;
}

/** The three response targets of an incident of `severity` at `now`. */
export function targets(t: IncidentTimes, severity: Severity, now: number): Target[] {
  const declared = Date.parse(t.declaredAt);
  const one = (name: Target["name"], due: number, metAt: string | null): Target => {
    if (metAt)
      return {
        name,
        dueAt: new Date(due).toISOString(),
        metAt,
        overdue: Date.parse(metAt) > due,
        leftMs: null,
      };
    return { name, dueAt: new Date(due).toISOString(), metAt: null, overdue: now > due, leftMs: due - now };
  };
  const lastUpdate = Date.parse(t.lastUpdateAt ?? t.declaredAt);
  const update: Target = t.resolvedAt
    ? { name: "update", dueAt: null, metAt: t.resolvedAt, overdue: false, leftMs: null }
    : one("update", lastUpdate + severity.updateEvery, null);
  return [
    one("acknowledge", declared + severity.acknowledgeWithin, t.acknowledgedAt),
    update,
    one("resolve", declared + severity.resolveWithin, t.resolvedAt),
  ];
}

/** What moving from `from` to `to` sets: the first time each milestone is reached is kept. */
export function milestones(
  from: IncidentStatus,
  to: IncidentStatus,
  t: IncidentTimes,
  now: string,
): Partial<IncidentTimes> {
  if (from === to) return {};
  const set: Partial<IncidentTimes> = {};
  // Any change of status by a person means someone is on it.
  if (!t.acknowledgedAt) set.acknowledgedAt = now;
  const rank = INCIDENT_STATUSES.indexOf(to);
  if (rank >= 1 && !t.identifiedAt) set.identifiedAt = now;
  if (rank >= 2 && !t.mitigatedAt) set.mitigatedAt = now;
  if (to === "resolved") set.resolvedAt = now;
  // Reopened: the incident is not resolved any more (the earlier resolution stays on the timeline).
  if (from === "resolved" && to !== "resolved") set.resolvedAt = null;
  return set;
}

/**
 * The review's durations: time to detect (first bad health change of an affected service to the
 * declaration, when one was seen), to acknowledge, to mitigate (monitoring) and to resolve.
 */
export function durations(t: IncidentTimes, firstSignalAt: string | null) {
  const declared = Date.parse(t.declaredAt);
  const since = (iso: string | null) => (iso ? Date.parse(iso) - declared : null);
  return {
    detectMs: firstSignalAt ? Math.max(0, declared - Date.parse(firstSignalAt)) : null,
    acknowledgeMs: since(t.acknowledgedAt),
    mitigateMs: since(t.mitigatedAt),
    resolveMs: since(t.resolvedAt),
  };
}
