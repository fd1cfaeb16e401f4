/** Maintenance windows as HTML: ongoing and scheduled first, then recently completed ones. */
import type { PublicMaintenance } from "../types";
import { esc, segment } from "./escape";
import { timeTag } from "./format";
import { componentNames, type Lookup } from "./lookup";
import { maintenanceStateLabel } from "./palette";

/** "start – end", or "from start until ended" for a window without a planned end. */
export function maintenanceWindow(m: PublicMaintenance): string {
  return m.end ? `${timeTag(m.start)} – ${timeTag(m.end)}` : `From ${timeTag(m.start)} until ended`;
}

function article(m: PublicMaintenance, look: Lookup): string {
  const names = componentNames(m.components, look);
  return (
    `<article class="maintenance" id="maintenance-${esc(segment(m.id))}"><h4>${esc(m.title)}</h4>` +
    `<p class="meta"><span class="tag">${esc(maintenanceStateLabel(m.state))}</span> · ${maintenanceWindow(m)}</p>` +
    (names.length ? `<p class="meta">Affects: ${names.map(esc).join(", ")}</p>` : "") +
    (m.description ? `<p class="text">${esc(m.description)}</p>` : "") +
    `</article>`
  );
}

const time = (iso: string | null) => (iso ? Date.parse(iso) || 0 : 0);

/** The "Maintenance" section, or nothing when no window is ongoing, announced or recent. */
export function maintenanceSection(windows: PublicMaintenance[], look: Lookup): string {
  // Ongoing before scheduled; otherwise the snapshot's soonest-first order stands (sort is stable).
  const current = windows
    .filter((m) => m.state !== "completed")
    .sort((a, b) => Number(b.state === "in_progress") - Number(a.state === "in_progress"));
  const completed = windows
    .filter((m) => m.state === "completed")
    .sort((a, b) => time(b.end ?? b.start) - time(a.end ?? a.start));
  if (!current.length && !completed.length) return "";
  const part = (id: string, heading: string, list: PublicMaintenance[]) =>
    list.length
      ? `<section aria-labelledby="${id}"><h3 id="${id}">${heading}</h3>${list.map((m) => article(m, look)).join("")}</section>`
      : "";
  return (
    `<section class="maintenance-list" aria-labelledby="h-maint"><h2 id="h-maint">Maintenance</h2>` +
    part("h-maint-now", "Ongoing and scheduled", current) +
    part("h-maint-done", "Recently completed", completed) +
    `</section>`
  );
}
