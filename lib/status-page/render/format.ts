/**
 * Dates, durations and percentages as the page shows them. Server-rendered times are UTC;
 * status.js rewrites the ones marked `local` into the viewer's zone.
 */
import { esc } from "./escape";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function parse(iso: string): Date | null {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "7 Dec 2026, 14:02 UTC"; the input itself (to be escaped) when it is not a date. */
export function formatUtc(iso: string): string {
  const d = parse(iso);
  if (!d) return iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "7 Dec 2026" from a YYYY-MM-DD day (no time zone involved). */
export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return day;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** The YYYY-MM-DD day an instant falls on in a time zone (UTC when the zone is unknown). */
/** One formatter per zone: making one costs far more than formatting (a publication formats hundreds). */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let fmt = dayFormats.get(timeZone);
  if (!fmt) {
    const options = { year: "numeric", month: "2-digit", day: "2-digit" } as const;
    try {
      fmt = new Intl.DateTimeFormat("en-CA", { ...options, timeZone });
    } catch {
      fmt = new Intl.DateTimeFormat("en-CA", { ...options, timeZone: "UTC" });
    }
    dayFormats.set(timeZone, fmt);
  }
  return fmt;
}

export function dayInZone(iso: string, timeZone: string): string {
  const d = parse(iso);
  if (!d) return "";
  const fmt = dayFormat(timeZone);
  const part = (type: string) => fmt.formatToParts(d).find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/**
 * A `<time>` element with a UTC fallback text; `local` lets status.js show the viewer's zone,
 * `ago` adds "(N minutes ago)". A value that is not a date is shown as escaped text.
 */
export function timeTag(iso: string, classes = "local"): string {
  const d = parse(iso);
  if (!d) return `<span>${esc(iso)}</span>`;
  const utc = formatUtc(iso);
  return `<time class="${esc(classes)}" datetime="${d.toISOString()}" title="${esc(utc)}">${esc(utc)}</time>`;
}

/** "99.95" with at most two decimals, rounded down so that 99.996 never shows as 100. */
export function formatPercent(percent: number | null): string | null {
  if (percent === null || !Number.isFinite(percent)) return null;
  const floored = Math.floor(Math.min(Math.max(percent, 0), 100) * 100) / 100;
  return floored.toFixed(2).replace(/\.?0+$/, "");
}

/** "3 h 05 min", "12 min", "under 1 min"; "" for zero. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return "";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "under 1 min";
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${pad(minutes % 60)} min`;
}
