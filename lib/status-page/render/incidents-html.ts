/** Incidents as HTML: the active ones with their updates, and past ones grouped by day. */
import type { PublicIncident } from "../types";
import { esc, segment } from "./escape";
import { dayInZone, formatDay, timeTag } from "./format";
import { componentNames, updatesNewestFirst, type Lookup } from "./lookup";
import { incidentStatusLabel, statusClass, statusLabel } from "./palette";

function updatesList(incident: PublicIncident): string {
  const items = updatesNewestFirst(incident).map(
    (u) =>
      `<li><p class="update-head"><strong>${esc(incidentStatusLabel(u.status))}</strong> ${timeTag(u.at)}</p>` +
      `<p class="text">${esc(u.text)}</p></li>`,
  );
  return `<ol class="updates">${items.join("")}</ol>`;
}

function meta(incident: PublicIncident, look: Lookup): string {
  const names = componentNames(incident.components, look);
  const affects = names.length ? ` · Affects: ${names.map(esc).join(", ")}` : "";
  const resolved = incident.resolvedAt ? ` · Resolved ${timeTag(incident.resolvedAt)}` : "";
  return (
    `<p class="meta"><span class="tag">${esc(incidentStatusLabel(incident.status))}</span>` +
    ` · Impact: <span class="st-text ${statusClass(incident.impact)}">${esc(statusLabel(incident.impact))}</span>${affects}</p>` +
    `<p class="meta">Started ${timeTag(incident.startedAt)}${resolved}</p>`
  );
}

/** One incident; past ones keep their updates folded in a `<details>`. */
export function incidentArticle(
  incident: PublicIncident,
  look: Lookup,
  level: 3 | 4,
  collapsed: boolean,
): string {
  const count = incident.updates.length;
  const updates = !count
    ? ""
    : collapsed
      ? `<details><summary>${count} update${count === 1 ? "" : "s"}</summary>${updatesList(incident)}</details>`
      : updatesList(incident);
  return (
    `<article class="incident ${statusClass(incident.impact)}" id="incident-${esc(segment(incident.id))}">` +
    `<h${level}>${esc(incident.title)}</h${level}>${meta(incident, look)}${updates}</article>`
  );
}

/** "Active incidents", or nothing when there are none. */
export function activeIncidentsSection(incidents: PublicIncident[], look: Lookup): string {
  if (!incidents.length) return "";
  return (
    `<section class="incidents" aria-labelledby="h-active"><h2 id="h-active">Active incidents</h2>` +
    `${incidents.map((i) => incidentArticle(i, look, 3, false)).join("")}</section>`
  );
}

/** "Past incidents": one heading per day (in the page's time zone), newest day first. */
export function pastIncidentsSection(history: PublicIncident[], look: Lookup, timeZone: string): string {
  const days = new Map<string, PublicIncident[]>();
  for (const incident of history) {
    const day = dayInZone(incident.startedAt, timeZone) || "Unknown date";
    days.set(day, [...(days.get(day) ?? []), incident]);
  }
  const body = [...days.entries()]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(
      ([day, list]) =>
        `<section class="day"><h3>${esc(formatDay(day))}</h3>` +
        `${list.map((i) => incidentArticle(i, look, 4, true)).join("")}</section>`,
    )
    .join("");
  return (
    `<section class="history" aria-labelledby="h-past"><h2 id="h-past">Past incidents</h2>` +
    `${body || "<p>No incidents in the last 90 days.</p>"}</section>`
  );
}
