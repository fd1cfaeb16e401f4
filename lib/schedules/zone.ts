/**
 * Wall clocks of IANA time zones without a library: what the clock shows at an instant, and at
 * which instants it shows a given time (none in a spring-forward gap, two in a repeated hour).
 * A wall-clock time is handled as the UTC milliseconds of the naive date. Safe for the client.
 */
export interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields at an instant. */
export function wallFields(instant: number, timeZone: string): Wall {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return {
    year: out.year!,
    month: out.month!,
    day: out.day!,
    hour: out.hour === 24 ? 0 : out.hour!,
    minute: out.minute!,
    second: out.second!,
  };
}

/** What the clock of `timeZone` shows at `instant`, as naive UTC milliseconds (whole seconds). */
export function wallClock(instant: number, timeZone: string): number {
  const w = wallFields(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

export function wallOf(wall: number): Wall {
  const d = new Date(wall);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** The zone's offset (wall minus instant) at an instant, in milliseconds. */
export function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallClock(whole, timeZone) - whole;
}

const DAY_MS = 86_400_000;

/**
 * The instants at which the clock shows `wall`, in order: one normally, two in a repeated hour,
 * and for a time the clock skips, the first instant after the jump. `earliestPossible` bounds the
 * instants of this and every later wall-clock time from below (callers stop searching there).
 */
export function wallToInstants(
  wall: number,
  timeZone: string,
): { instants: number[]; gap: boolean; earliestPossible: number } {
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const earliestPossible = wall - Math.max(before, after);
  const candidates = [...new Set([wall - before, wall - after])].sort((a, b) => a - b);
  const instants = candidates.filter((t) => wallClock(t, timeZone) === wall);
  if (instants.length) return { instants, gap: false, earliestPossible };
  // Skipped by a jump forward: the first instant whose wall clock is past `wall`.
  let lo = Math.min(wall - before, wall - after) - 1000;
  let hi = Math.max(wall - before, wall - after);
  if (wallClock(hi, timeZone) <= wall) return { instants: [hi], gap: true, earliestPossible };
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (wallClock(mid, timeZone) > wall) hi = mid;
    else lo = mid;
  }
  return { instants: [hi], gap: true, earliestPossible };
}

/**
 * The zone's offsets over a stretch of time (at most one change inside: zones do not change
 * twice within a few days), so wall-clock times map to instants without asking Intl each time.
 */
export class ZoneWindow {
  private readonly segments: { from: number; to: number; offset: number }[];
  private readonly change: number | null = null;

  constructor(
    readonly timeZone: string,
    readonly from: number,
    readonly to: number,
  ) {
    const first = offsetAt(from, timeZone);
    const last = offsetAt(to, timeZone);
    if (first === last) {
      this.segments = [{ from, to, offset: first }];
      return;
    }
    let lo = Math.floor(from / 1000) * 1000;
    let hi = Math.ceil(to / 1000) * 1000;
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (offsetAt(mid, timeZone) === first) lo = mid;
      else hi = mid;
    }
    this.change = hi;
    this.segments = [
      { from, to: hi, offset: first },
      { from: hi, to, offset: last },
    ];
  }

  /** As wallToInstants, or null when the answer may lie outside this window. */
  instants(wall: number): { instants: number[]; gap: boolean; earliestPossible: number } | null {
    const offsets = this.segments.map((s) => s.offset);
    const earliestPossible = wall - Math.max(...offsets);
    if (earliestPossible < this.from || wall - Math.min(...offsets) >= this.to) return null;
    const instants = this.segments
      .map((s) => wall - s.offset)
      .filter((t, i) => t >= this.segments[i]!.from && t < this.segments[i]!.to);
    if (instants.length) return { instants, gap: false, earliestPossible };
    return { instants: [this.change!], gap: true, earliestPossible };
  }
}
