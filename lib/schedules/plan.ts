import { cronBetween, cronNext, parseCron, type CronExpression } from "./cron";

/**
 * What a schedule owes between the last time it was looked at and now: occurrences to run, and
 * those found too late (the console was down), which are reported as missed instead. Pure.
 */
export interface OccurrencePlan {
  due: Date[];
  missed: { count: number; first: Date; last: Date } | null;
  next: Date | null;
}

/** Missed occurrences beyond this many are reported as "at least". */
export const MAX_COUNTED = 100_000;

const parsed = new Map<string, CronExpression>();

export function cronOf(source: string): CronExpression {
  let c = parsed.get(source);
  if (!c) {
    c = parseCron(source);
    parsed.set(source, c);
  }
  return c;
}

export function planOccurrences(input: {
  cron: string;
  timeZone: string;
  /** Everything up to here was handled. */
  through: number;
  now: number;
  missedAfterMs: number;
}): OccurrencePlan {
  const cron = cronOf(input.cron);
  const { through, now, missedAfterMs } = input;
  const lateLimit = now - missedAfterMs;
  let missed: OccurrencePlan["missed"] = null;
  // Counted one by one up to a cap: a 10-second schedule missed over a weekend is 25,920 occurrences.
  let cursor: Date | null = new Date(through);
  let first: Date | null = null;
  for (let count = 0; cursor && count < MAX_COUNTED;) {
    cursor = cronNext(cron, cursor, input.timeZone);
    if (!cursor || cursor.getTime() > lateLimit) break;
    count++;
    first ??= cursor;
    missed = { count, first, last: cursor };
  }
  const from = Math.max(through, lateLimit);
  const due = cronBetween(cron, new Date(from), new Date(now), input.timeZone, 10_000).occurrences;
  return { due, missed, next: cronNext(cron, new Date(now), input.timeZone) };
}
