import { offsetAt, wallClock, wallToInstants, ZoneWindow, type Wall } from "./zone";

/**
 * Cron expressions: five fields (minute hour day-of-month month day-of-week), or six with
 * seconds first; `*`, ranges, steps, lists, month and day names, `?` as `*`, 7 as Sunday, and
 * the @hourly/@daily/@weekly/@monthly/@yearly macros. When both day fields are restricted a
 * day matches either (as in Vixie cron). Safe for the client.
 *
 * Times are wall-clock times of the schedule's time zone. Around a DST change (ISC cron's rules):
 * - a time the clock skips (02:30 on a spring-forward night) runs at the first instant after the jump;
 * - a time the clock shows twice runs once, at its first pass, for a fixed-time expression; an
 *   expression whose minute or hour field starts with `*` is a frequency and runs at both.
 */
export interface CronExpression {
  source: string;
  seconds: ReadonlySet<number>;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>;
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
  /** The minute or hour field starts with `*`: repeated wall-clock times run at both passes. */
  frequency: boolean;
}

export class CronError extends Error {}

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  namesFrom?: number;
}
const SECOND: FieldSpec = { name: "second", min: 0, max: 59 };
const MINUTE: FieldSpec = { name: "minute", min: 0, max: 59 };
const HOUR: FieldSpec = { name: "hour", min: 0, max: 23 };
const DAY: FieldSpec = { name: "day of month", min: 1, max: 31 };
const MONTH: FieldSpec = { name: "month", min: 1, max: 12, names: MONTHS, namesFrom: 1 };
const WEEKDAY: FieldSpec = { name: "day of week", min: 0, max: 7, names: DAYS, namesFrom: 0 };

export function parseCron(source: string): CronExpression {
  const trimmed = source.trim();
  const expanded = MACROS[trimmed.toLowerCase()] ?? trimmed;
  if (expanded.startsWith("@"))
    throw new CronError(`unknown macro "${trimmed}" (expected one of ${Object.keys(MACROS).join(", ")})`);
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6)
    throw new CronError(
      `expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, got ${parts.length}`,
    );
  const [sec, min, hour, day, month, weekday] = parts.length === 6 ? parts : ["0", ...parts];
  const weekdays = field(weekday!, WEEKDAY);
  if (weekdays.has(7)) {
    weekdays.delete(7);
    weekdays.add(0);
  }
  return {
    source: trimmed,
    seconds: field(sec!, SECOND),
    minutes: field(min!, MINUTE),
    hours: field(hour!, HOUR),
    days: field(day!, DAY),
    months: field(month!, MONTH),
    weekdays,
    daysRestricted: !isStar(day!),
    weekdaysRestricted: !isStar(weekday!),
    frequency: min!.startsWith("*") || hour!.startsWith("*"),
  };
}

function isStar(text: string) {
  return text === "*" || text === "?";
}

function field(text: string, spec: FieldSpec): Set<number> {
  const out = new Set<number>();
  for (const item of text.split(",")) {
    const [range, stepText, extra] = item.split("/");
    if (extra !== undefined || range === "")
      throw new CronError(`${spec.name}: "${item}" is not a valid item`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0)
        throw new CronError(`${spec.name}: step "${stepText}" must be a positive whole number`);
      step = Number(stepText);
    }
    let lo: number;
    let hi: number;
    if (isStar(range!)) {
      lo = spec.min;
      hi = spec === WEEKDAY ? 6 : spec.max;
    } else {
      const [a, b, more] = range!.split("-");
      if (more !== undefined) throw new CronError(`${spec.name}: "${range}" is not a valid range`);
      lo = value(a!, spec);
      // "5/15" means from 5 to the end in steps of 15.
      hi = b !== undefined ? value(b, spec) : stepText !== undefined ? spec.max : lo;
      if (hi < lo) throw new CronError(`${spec.name}: range "${range}" goes backwards`);
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

function value(text: string, spec: FieldSpec): number {
  const lower = text.toLowerCase();
  const named = spec.names?.indexOf(lower) ?? -1;
  const n = named >= 0 ? named + (spec.namesFrom ?? 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < spec.min || n > spec.max)
    throw new CronError(
      `${spec.name}: "${text}" is out of range (${spec.min}-${spec.max}${spec.names ? ` or ${spec.names.slice(0, 3).join(", ")}...` : ""})`,
    );
  return n;
}

/** Whether a wall-clock time matches (day fields with Vixie's either-day rule). */
export function matchesWall(cron: CronExpression, w: Wall): boolean {
  if (!cron.seconds.has(w.second) || !cron.minutes.has(w.minute) || !cron.hours.has(w.hour)) return false;
  return cron.months.has(w.month) && dayMatches(cron, w);
}

function dayMatches(cron: CronExpression, w: Wall): boolean {
  const weekday = (((daysFromCivil(w.year, w.month, w.day) + 4) % 7) + 7) % 7;
  return dayFieldsMatch(cron, w.day, weekday);
}

function dayFieldsMatch(cron: CronExpression, day: number, weekday: number): boolean {
  const d = cron.days.has(day);
  const wd = cron.weekdays.has(weekday);
  if (cron.daysRestricted && cron.weekdaysRestricted) return d || wd;
  return d && wd;
}

/** Wall-clock times are handled as UTC milliseconds of a naive date ("the clock shows"). */
const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Beyond this, an expression like "0 0 30 2 *" is taken to never match. */
const HORIZON_MS = 5 * 366 * DAY_MS;

/**
 * Days since 1970-01-01 of a civil date, and back (Howard Hinnant's algorithms): integer
 * arithmetic instead of a Date per step (inside Next's server a Date is a slow wrapper, and a
 * pass plans every schedule).
 */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** The first matching wall-clock time strictly after `wall` (naive ms), or null. */
export function nextWall(cron: CronExpression, wall: number): number | null {
  let t = Math.floor(wall / SECOND_MS) * SECOND_MS + SECOND_MS;
  const limit = wall + HORIZON_MS;
  while (t <= limit) {
    const days = Math.floor(t / DAY_MS);
    const { year, month, day } = civilFromDays(days);
    if (!cron.months.has(month)) {
      t = (month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1)) * DAY_MS;
      continue;
    }
    const weekday = (((days + 4) % 7) + 7) % 7;
    if (!dayFieldsMatch(cron, day, weekday)) {
      t = (days + 1) * DAY_MS;
      continue;
    }
    const inDay = t - days * DAY_MS;
    if (!cron.hours.has(Math.floor(inDay / HOUR_MS))) {
      t = Math.floor(t / HOUR_MS) * HOUR_MS + HOUR_MS;
      continue;
    }
    if (!cron.minutes.has(Math.floor((inDay % HOUR_MS) / MINUTE_MS))) {
      t = Math.floor(t / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
      continue;
    }
    if (!cron.seconds.has(Math.floor((inDay % MINUTE_MS) / SECOND_MS))) {
      t += SECOND_MS;
      continue;
    }
    return t;
  }
  return null;
}

const windows = new Map<string, ZoneWindow>();

/** A window of the zone's offsets around `at`, reused while `at` stays well inside it. */
function zoneWindow(timeZone: string, at: number): ZoneWindow {
  const cached = windows.get(timeZone);
  if (cached && at - 4 * HOUR_MS >= cached.from && at + DAY_MS <= cached.to) return cached;
  const fresh = new ZoneWindow(timeZone, at - 4 * HOUR_MS, at + 2 * DAY_MS);
  if (windows.size > 500) windows.clear();
  windows.set(timeZone, fresh);
  return fresh;
}

/**
 * The first occurrence strictly after `after` in `timeZone`, or null when the expression never
 * matches. DST rules as described at the top of this file.
 */
export function cronNext(cron: CronExpression, after: Date, timeZone: string): Date | null {
  const at = after.getTime();
  const start = wallClock(at, timeZone);
  // When the clock is about to go back, later instants show earlier wall times: search from a
  // few hours back then, and keep the smallest instant after `after`.
  const back = Math.max(0, offsetAt(at, timeZone) - offsetAt(at + 3 * HOUR_MS, timeZone));
  let wall: number | null = start - back - SECOND_MS;
  let best: number | null = null;
  const window = zoneWindow(timeZone, at);
  for (let guard = 0; wall !== null && guard < 100_000; guard++) {
    wall = nextWall(cron, wall);
    if (wall === null) break;
    const { instants, earliestPossible } = window.instants(wall) ?? wallToInstants(wall, timeZone);
    if (best !== null && earliestPossible > best) break;
    const candidates = instants.length === 2 && !cron.frequency ? [instants[0]!] : instants;
    for (const c of candidates) if (c > at && (best === null || c < best)) best = c;
  }
  return best === null ? null : new Date(best);
}

/** Occurrences in (from, to], at most `limit` of them (the rest are counted, not listed). */
export function cronBetween(
  cron: CronExpression,
  from: Date,
  to: Date,
  timeZone: string,
  limit = 1000,
): { occurrences: Date[]; more: number } {
  const occurrences: Date[] = [];
  let more = 0;
  let cursor: Date | null = from;
  while (cursor) {
    cursor = cronNext(cron, cursor, timeZone);
    if (!cursor || cursor > to) break;
    if (occurrences.length < limit) occurrences.push(cursor);
    else if (++more > 100_000) break;
  }
  return { occurrences, more };
}
