import { isActive, occurrencesBetween } from "./occurrences";
import { coveredServices, type ScopedService } from "./scope";
import type { Occurrence, WindowDef } from "./types";

/**
 * What the Maintenance page, the service page and the REST API show of windows: occurrences that
 * are on now, coming up and recently over, each with the services it covers. Pure; safe for the
 * client. `notes` are internal: whatever publishes windows (the status page) takes `title` and
 * `description` only.
 */

export type OccurrenceState = "active" | "upcoming" | "over" | "cancelled";

export interface OccurrenceView {
  windowId: string;
  source: WindowDef["source"];
  title: string;
  description: string | null;
  notes: string | null;
  owner: string;
  /** ISO; end null: until someone ends it. */
  start: string;
  end: string | null;
  state: OccurrenceState;
  scope: WindowDef["scope"];
  /** Service ids the window covers in the catalog now. */
  services: string[];
  playbook: string | null;
  recurring: { cron: string; timeZone: string; durationMs: number } | null;
  /** Console windows only: config's change in opsdeck.yml. */
  canEnd: boolean;
  canCancel: boolean;
}

export interface Overview {
  active: OccurrenceView[];
  upcoming: OccurrenceView[];
  recent: OccurrenceView[];
}

const DAY = 86_400_000;
/** How far ahead "upcoming" looks, and how many occurrences of one recurring window it lists. */
const AHEAD_MS = 30 * DAY;
const PER_WINDOW = 3;
const BEHIND_MS = 7 * DAY;

export function viewOf(o: Occurrence, services: readonly ScopedService[], now: number): OccurrenceView {
  const w = o.window;
  const state: OccurrenceState = isActive(o, now) ? "active" : o.start > now ? "upcoming" : "over";
  return {
    windowId: w.id,
    source: w.source,
    title: w.title,
    description: w.description,
    notes: w.notes,
    owner: w.owner,
    start: new Date(o.start).toISOString(),
    end: o.end === null ? null : new Date(o.end).toISOString(),
    state,
    scope: w.scope,
    services: coveredServices(w.scope, services).map((s) => s.id),
    playbook: w.playbook,
    recurring:
      w.timing.kind === "recurring"
        ? { cron: w.timing.cron, timeZone: w.timing.timeZone, durationMs: w.timing.durationMs }
        : null,
    canEnd: w.source === "console" && state === "active",
    canCancel:
      w.source === "console" &&
      w.cancelledAt === null &&
      (w.timing.kind === "recurring" || state === "upcoming"),
  };
}

/** Windows on now, coming in the next 30 days (three per recurring window), and over in the last 7. */
export function overview(
  windows: readonly WindowDef[],
  services: readonly ScopedService[],
  now: number,
): Overview {
  const out: Overview = { active: [], upcoming: [], recent: [] };
  for (const w of windows) {
    let ahead = 0;
    for (const o of occurrencesBetween(w, now - BEHIND_MS, now + AHEAD_MS)) {
      const view = viewOf(o, services, now);
      if (view.state === "active") out.active.push(view);
      else if (view.state === "over") out.recent.push(view);
      else if (ahead++ < PER_WINDOW) out.upcoming.push(view);
    }
    // A one-off window cancelled before it started has no occurrence left: it is listed as cancelled.
    if (w.timing.kind === "once" && w.cancelledAt !== null && w.cancelledAt <= w.timing.start) {
      if (w.cancelledAt >= now - BEHIND_MS)
        out.recent.push({
          ...viewOf({ window: w, start: w.timing.start, end: w.timing.end }, services, now),
          state: "cancelled",
          canEnd: false,
          canCancel: false,
        });
    }
  }
  out.active.sort((a, b) => a.start.localeCompare(b.start));
  out.upcoming.sort((a, b) => a.start.localeCompare(b.start));
  out.recent.sort((a, b) => (b.end ?? b.start).localeCompare(a.end ?? a.start));
  return out;
}

/** The windows of one service: the one it is in now (if any) and its next ones. */
export function forService(
  all: Overview,
  serviceId: string,
): { active: OccurrenceView | null; upcoming: OccurrenceView[] } {
  const mine = (v: OccurrenceView) => v.services.includes(serviceId);
  return { active: all.active.find(mine) ?? null, upcoming: all.upcoming.filter(mine).slice(0, 3) };
}
