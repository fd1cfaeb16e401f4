/**
 * The 90-day uptime bar: one SVG rect per day coloured by the day's worst status (CSS colours
 * it per theme; the fill attribute is the fallback), a tooltip per day, a legend and a text
 * summary for screen readers. SVG presentation attributes are not inline styles, so CSP allows them.
 */
import type { ComponentStatus, PublicComponent, PublicDay } from "../types";
import { esc } from "./escape";
import { formatDay, formatDuration, formatPercent } from "./format";
import type { Lookup } from "./lookup";
import { statusClass, statusFill, statusLabel } from "./palette";

export const BAR_DAYS = 90;
const STEP = 10; // viewBox units per day: an 8-unit bar and a 2-unit gap
const SR_DAYS_LISTED = 10;

function dayIncidentTitles(day: PublicDay, look: Lookup): string[] {
  return day.incidents.map((id) => look.incident(id)?.title).filter((t): t is string => !!t);
}

function dayDurations(day: PublicDay): string {
  const parts: [string, number][] = [
    ["Major outage", day.majorMs],
    ["Partial outage", day.partialMs],
    ["Maintenance", day.maintenanceMs],
  ];
  return parts
    .filter(([, ms]) => formatDuration(ms))
    .map(([label, ms]) => `${label}: ${formatDuration(ms)}`)
    .join(" · ");
}

/** The tooltip: date and worst status, uptime, outage and maintenance time, that day's incidents. */
export function dayTooltip(day: PublicDay, look: Lookup): string {
  const percent = formatPercent(day.uptime);
  const titles = dayIncidentTitles(day, look);
  return [
    day.worst ? `${formatDay(day.date)}: ${statusLabel(day.worst)}` : formatDay(day.date),
    percent === null ? "No data" : `${percent} % uptime`,
    dayDurations(day),
    titles.length ? `Incidents: ${titles.join("; ")}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}

function rect(day: PublicDay, slot: number, look: Lookup): string {
  const cls = day.worst ? statusClass(day.worst) : "st-none";
  return `<rect x="${slot * STEP}" y="0" width="8" height="40" rx="1.5" class="${cls}" fill="${statusFill(day.worst)}"><title>${esc(dayTooltip(day, look))}</title></rect>`;
}

/** The last 90 days, right-aligned so that today is always the last slot. */
function svg(days: PublicDay[], look: Lookup): string {
  const shown = days.slice(-BAR_DAYS);
  const offset = BAR_DAYS - shown.length;
  const rects = shown.map((d, i) => rect(d, offset + i, look)).join("");
  return `<svg viewBox="0 0 ${BAR_DAYS * STEP - 2} 40" preserveAspectRatio="none" aria-hidden="true" focusable="false">${rects}</svg>`;
}

function srSummary(component: PublicComponent): string {
  const percent = formatPercent(component.uptime.percent);
  const bad = component.uptime.days
    .slice(-BAR_DAYS)
    .filter((d): d is PublicDay & { worst: ComponentStatus } => d.worst !== null && d.worst !== "operational")
    .reverse();
  const listed = bad
    .slice(0, SR_DAYS_LISTED)
    .map((d) => `${formatDay(d.date)} (${dayDurations(d) || statusLabel(d.worst)})`);
  const more = bad.length > SR_DAYS_LISTED ? `, and ${bad.length - SR_DAYS_LISTED} more` : "";
  return [
    `${component.name}: ${statusLabel(component.status)}.`,
    percent === null ? "No uptime data yet." : `${percent} % uptime over the last 90 days.`,
    listed.length ? `Days with problems, newest first: ${listed.join("; ")}${more}.` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/** Bar, legend ("90 days ago · 99.95 % uptime · Today") and screen-reader summary. */
export function uptimeBar(component: PublicComponent, look: Lookup, large = false): string {
  const percent = formatPercent(component.uptime.percent);
  const middle = percent === null ? "No data yet" : `${percent} % uptime`;
  return (
    `<div class="bar${large ? " large" : ""}">${svg(component.uptime.days, look)}</div>` +
    `<p class="legend" aria-hidden="true"><span class="d90">90 days ago</span><span class="d30">30 days ago</span>` +
    `<span class="sep">·</span><span>${esc(middle)}</span><span class="sep">·</span><span>Today</span></p>` +
    `<p class="sr-only">${esc(srSummary(component))}</p>`
  );
}
