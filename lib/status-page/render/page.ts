/** The status page and a component's page: pure functions from a snapshot to an HTML document. */
import type { PublicIncident, PublicSnapshot } from "../types";
import { componentList, componentsSection, description, statusText } from "./components-html";
import { UPTIME_RULE } from "../uptime";
import { esc } from "./escape";
import { activeIncidentsSection, pastIncidentsSection } from "./incidents-html";
import { documentShell, type RenderOptions } from "./layout";
import { findComponent, idsWithin, lookup } from "./lookup";
import { maintenanceSection } from "./maintenance-html";
import { statusClass, statusLabel } from "./palette";
import { responseTimeSection } from "./response-time";
import { uptimeBar } from "./uptime-bar";

function banner(snapshot: PublicSnapshot): string {
  const { status, text } = snapshot.overall;
  const label = statusLabel(status);
  return (
    `<section class="banner ${statusClass(status)}" aria-labelledby="h-overall">` +
    `<h2 id="h-overall" class="headline">${esc(text || label)}</h2>` +
    `<p>Status: ${esc(label)}</p></section>`
  );
}

/** The whole public status page. */
export function renderPage(snapshot: PublicSnapshot, opts: RenderOptions): string {
  const look = lookup(snapshot);
  const main =
    banner(snapshot) +
    activeIncidentsSection(snapshot.incidents, look) +
    maintenanceSection(snapshot.maintenance, look) +
    componentsSection(snapshot.components, look, opts.basePath) +
    pastIncidentsSection(snapshot.history, look, snapshot.page.timeZone);
  return documentShell(snapshot, opts, { title: snapshot.page.title, main, titleIsH1: true });
}

/**
 * One component's (or group's) page: status, a larger 90-day bar, its children for a group,
 * and the incidents that list it or anything under it. null when the page has no such id.
 */
export function renderComponentPage(
  snapshot: PublicSnapshot,
  componentId: string,
  opts: RenderOptions,
): string | null {
  const component = findComponent(snapshot, componentId);
  if (!component) return null;
  const look = lookup(snapshot);
  const ids = idsWithin(component);
  const concerns = (i: PublicIncident) => i.components.some((id) => ids.has(id));
  const children = component.children?.length
    ? `<section aria-labelledby="h-components"><h2 id="h-components">Components</h2>` +
      `${componentList(component.children, look, opts.basePath)}</section>`
    : "";
  const main =
    `<p class="back"><a href="${esc(opts.basePath)}"><span aria-hidden="true">← </span>All components</a></p>` +
    `<h1>${esc(component.name)}</h1>${description(component)}` +
    `<p class="current">Current status: ${statusText(component)}</p>` +
    `<section aria-labelledby="h-uptime"><h2 id="h-uptime">Uptime, last 90 days</h2>` +
    `${uptimeBar(component, look, true)}<p class="note">${esc(UPTIME_RULE)}</p></section>` +
    responseTimeSection(component) +
    children +
    activeIncidentsSection(snapshot.incidents.filter(concerns), look) +
    pastIncidentsSection(snapshot.history.filter(concerns), look, snapshot.page.timeZone);
  return documentShell(snapshot, opts, {
    title: `${component.name} · ${snapshot.page.title}`,
    main,
    titleIsH1: false,
  });
}
