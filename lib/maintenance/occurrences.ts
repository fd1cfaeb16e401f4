import { CronError, cronBetween, parseCron, type CronExpression } from "@/lib/schedules/cron";
import type { DueEvent, Occurrence, WindowDef } from "./types";

/**
 * When windows are on: their occurrences, which are active at an instant, the next instant any of
 * them starts or ends (the monitor arms a timer there, so a window ends on time with nobody
 * looking), and the events due in a stretch of time. Pure; safe for the client.
 */

const parsed = new Map<string, CronExpression | null>();

function cronOf(source: string): CronExpression | null {
  if (!parsed.has(source)) {
    try {
      parsed.set(source, parseCron(source));
    } catch (error) {
      if (!(error instanceof CronError)) throw error;
      parsed.set(source, null); // reported where the window was declared; here it never occurs
    }
  }
  return parsed.get(source) ?? null;
}

/** Recurring windows list at most this many occurrences per call (a minutely cron over a week). */
const MAX_OCCURRENCES = 2000;

/** The occurrences of `w` that overlap [from, to]; an until-ended one overlaps everything after its start. */
export function occurrencesBetween(w: WindowDef, from: number, to: number): Occurrence[] {
  const periods: { start: number; end: number | null }[] = [];
  if (w.timing.kind === "once") periods.push({ start: w.timing.start, end: w.timing.end });
  else {
    const cron = cronOf(w.timing.cron);
    if (!cron) return [];
    const { durationMs, timeZone } = w.timing;
    const { occurrences } = cronBetween(
      cron,
      new Date(from - durationMs),
      new Date(to),
      timeZone,
      MAX_OCCURRENCES,
    );
    for (const at of occurrences) {
      const start = at.getTime();
      if (w.timing.from === null || start + durationMs > w.timing.from)
        periods.push({ start, end: start + durationMs });
    }
  }
  const out: Occurrence[] = [];
  for (const p of periods) {
    let end = p.end;
    if (w.cancelledAt !== null) {
      if (p.start >= w.cancelledAt) continue;
      end = end === null ? w.cancelledAt : Math.min(end, w.cancelledAt);
    }
    if (w.endedAt !== null && p.start <= w.endedAt && (end === null || w.endedAt < end)) end = w.endedAt;
    if (end !== null && end <= p.start) continue;
    if (p.start <= to && (end === null || end > from)) out.push({ window: w, start: p.start, end });
  }
  return out;
}

export function isActive(o: Occurrence, at: number): boolean {
  return o.start <= at && (o.end === null || at < o.end);
}

/** Every occurrence on at `at` (start included, end excluded). */
export function activeAt(windows: readonly WindowDef[], at: number): Occurrence[] {
  return windows.flatMap((w) => occurrencesBetween(w, at, at).filter((o) => isActive(o, at)));
}

/** How far ahead `nextChange` and `nextEvent` look; past it, callers look again. */
export const HORIZON_MS = 2 * 86_400_000;

/** The first instant after `after` at which any window starts or ends; null: none within the horizon. */
export function nextChange(windows: readonly WindowDef[], after: number): number | null {
  let best: number | null = null;
  for (const w of windows)
    for (const o of occurrencesBetween(w, after, after + HORIZON_MS))
      for (const t of [o.start, o.end]) if (t !== null && t > after && (best === null || t < best)) best = t;
  return best;
}

/** The events of one occurrence: about to start (lead time first), started, ended. */
export function eventsOf(o: Occurrence, defaultAnnounceMs: number): DueEvent[] {
  const lead = o.window.announceMs ?? defaultAnnounceMs;
  const events: DueEvent[] = [];
  if (lead > 0) events.push({ occurrence: o, type: "announced", at: o.start - lead });
  events.push({ occurrence: o, type: "started", at: o.start });
  if (o.end !== null) events.push({ occurrence: o, type: "ended", at: o.end });
  return events;
}

/**
 * Events due in (from, to], oldest first. An announcement whose occurrence has already started
 * by `to` is left out: "about to start" after the start would be news from the past.
 */
export function dueEvents(
  windows: readonly WindowDef[],
  from: number,
  to: number,
  defaultAnnounceMs: number,
): DueEvent[] {
  const lead = Math.max(defaultAnnounceMs, ...windows.map((w) => w.announceMs ?? 0));
  return windows
    .flatMap((w) => occurrencesBetween(w, from, to + lead))
    .flatMap((o) => eventsOf(o, defaultAnnounceMs))
    .filter((e) => e.at > from && e.at <= to && !(e.type === "announced" && e.occurrence.start <= to))
    .sort((a, b) => a.at - b.at);
}

/** The first event instant after `after` (a timer is armed there); null: none within the horizon. */
export function nextEvent(
  windows: readonly WindowDef[],
  after: number,
  defaultAnnounceMs: number,
): number | null {
  const lead = Math.max(defaultAnnounceMs, ...windows.map((w) => w.announceMs ?? 0));
  let best: number | null = null;
  for (const w of windows)
    for (const o of occurrencesBetween(w, after, after + HORIZON_MS + lead))
      for (const e of eventsOf(o, defaultAnnounceMs))
        if (e.at > after && (best === null || e.at < best)) best = e.at;
  return best;
}
