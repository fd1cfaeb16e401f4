import type { HistoryRange } from "@/lib/monitor/history";

/** Distinct series colors that read on both themes' backgrounds. */
export const SERIES_COLORS = ["#2563eb", "#c026d3", "#0891b2", "#ca8a04", "#16a34a", "#ea580c"];

/** Axis labels in the theme's muted text color (recharts' default grey fails contrast on dark). */
export const AXIS_TICK = { fontSize: 12, className: "fill-muted-foreground" };

export const STATE_FILL: Record<string, string> = {
  up: "bg-state-up",
  degraded: "bg-state-degraded",
  down: "bg-state-down",
  unknown: "bg-state-unknown",
  maintenance: "bg-state-maintenance",
  nodata: "bg-muted",
};

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const day = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const full = new Intl.DateTimeFormat(undefined, {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

export function tickFormatter(range: HistoryRange) {
  return (t: number) => (range === "7d" ? day.format(t) : clock.format(t));
}

export const labelTime = (t: unknown) => (typeof t === "number" ? full.format(t) : String(t));

/** Axis ticks on round times inside the range. */
export function ticksFor(from: number, to: number, range: HistoryRange): number[] {
  const step = { "1h": 10 * 60_000, "24h": 3 * 3_600_000, "7d": 86_400_000 }[range];
  const offset = new Date(from).getTimezoneOffset() * 60_000;
  const out: number[] = [];
  // Align to local wall-clock boundaries (midnight for days), not UTC ones.
  for (let t = Math.ceil((from - offset) / step) * step + offset; t <= to; t += step) out.push(t);
  return out;
}
