import type { StateSegment } from "@/lib/monitor/history";
import type { HealthState } from "@/lib/probes/types";
import { wallClock, wallToInstants } from "@/lib/schedules/zone";
import { STATUS_RANK, statusFromHealth } from "./derive";
import type { ComponentStatus, PublicDay } from "./types";

/**
 * The 90-day bars. A component's status over time follows its services' recorded state changes
 * (exact to the millisecond, never limited by a check interval) by the same rule as its current
 * status. The stated rule for a day's uptime: major outage counts fully, partial outage at 30 %,
 * degraded performance not at all; time under maintenance and time nothing was known are left out.
 * Pure; safe for the client.
 */

export const PARTIAL_OUTAGE_WEIGHT = 0.3;
export const UPTIME_DAYS = 90;
export const UPTIME_RULE =
  "Uptime counts major outage fully and partial outage at 30 %; time under maintenance is left out.";

export interface DaySpan {
  date: string;
  from: number;
  to: number;
}

/** The last `days` calendar days in `timeZone`, oldest first, the last one ending at `now`. */
export function daySpans(now: number, timeZone: string, days = UPTIME_DAYS): DaySpan[] {
  const today = wallClock(now, timeZone);
  const midnight = today - (today % 86_400_000);
  const spans: DaySpan[] = [];
  let to = now;
  for (let i = 0; i < days; i++) {
    const wall = midnight - i * 86_400_000;
    const from = wallToInstants(wall, timeZone).instants[0];
    spans.push({ date: new Date(wall).toISOString().slice(0, 10), from, to });
    to = from;
  }
  return spans.reverse();
}

/** The milliseconds a component spent in each public status over [from, to). */
export type StatusTimes = Record<ComponentStatus, number>;

/**
 * Sweeps every service's segments at once: at each instant any of them changes, the status is
 * re-derived and the time until the next change is added to its day. `children` holds one list of
 * services' segments per leaf component: a leaf passes one, a group one per child, and its status
 * at each instant is its worst child's (as its current status is).
 */
export function componentDays(
  children: readonly (readonly (readonly StateSegment[])[])[],
  spans: readonly DaySpan[],
): { span: DaySpan; times: StatusTimes }[] {
  const out = spans.map((span) => ({ span, times: emptyTimes() }));
  if (spans.length === 0) return out;
  const all = children.flat();
  const points = new Set<number>();
  for (const segs of all) for (const s of segs) points.add(s.from).add(s.to);
  for (const s of spans) points.add(s.from).add(s.to);
  const sorted = [...points].sort((a, b) => a - b);
  const cursor = all.map(() => 0);
  let day = 0;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [a, b] = [sorted[i], sorted[i + 1]];
    while (day < spans.length && spans[day].to <= a) day++;
    if (day >= spans.length) break;
    if (a < spans[day].from) continue;
    const states: HealthState[] = all.map((segs, k) => {
      while (cursor[k] < segs.length && segs[cursor[k]].to <= a) cursor[k]++;
      const seg = segs[cursor[k]];
      return seg && seg.from <= a && seg.state !== "nodata" ? seg.state : "unknown";
    });
    let offset = 0;
    let status: ComponentStatus | null = null;
    for (const child of children) {
      const own = statusFromHealth(states.slice(offset, offset + child.length));
      offset += child.length;
      if (own && (status === null || STATUS_RANK[own] > STATUS_RANK[status])) status = own;
    }
    if (status) out[day].times[status] += b - a;
  }
  return out;
}

function emptyTimes(): StatusTimes {
  return {
    operational: 0,
    degraded_performance: 0,
    partial_outage: 0,
    major_outage: 0,
    under_maintenance: 0,
  };
}

/** One day of the bar from the time spent in each status. */
export function toPublicDay(span: DaySpan, t: StatusTimes, incidents: string[]): PublicDay {
  const counted = t.operational + t.degraded_performance + t.partial_outage + t.major_outage;
  const lost = t.major_outage + PARTIAL_OUTAGE_WEIGHT * t.partial_outage;
  const seen = (Object.keys(t) as ComponentStatus[]).filter((s) => t[s] > 0);
  return {
    date: span.date,
    uptime: counted > 0 ? round3(((counted - lost) / counted) * 100) : null,
    worst: seen.length ? seen.reduce((w, s) => (STATUS_RANK[s] > STATUS_RANK[w] ? s : w)) : null,
    majorMs: t.major_outage,
    partialMs: t.partial_outage,
    maintenanceMs: t.under_maintenance,
    incidents,
  };
}

/** The percentage over all the days, by the same rule. */
export function uptimeOver(days: readonly { times: StatusTimes }[]): number | null {
  let counted = 0;
  let lost = 0;
  for (const { times: t } of days) {
    counted += t.operational + t.degraded_performance + t.partial_outage + t.major_outage;
    lost += t.major_outage + PARTIAL_OUTAGE_WEIGHT * t.partial_outage;
  }
  return counted > 0 ? round3(((counted - lost) / counted) * 100) : null;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
