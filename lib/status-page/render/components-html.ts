/** The component list: leaves with their uptime bar, groups as `<details>` open when troubled. */
import type { PublicComponent } from "../types";
import { esc, segment } from "./escape";
import { allComponents, type Lookup } from "./lookup";
import { statusClass, statusLabel } from "./palette";
import { uptimeBar } from "./uptime-bar";
import { UPTIME_RULE } from "../uptime";

export function componentHref(basePath: string, id: string): string {
  return `${basePath}/components/${segment(id)}`;
}

/** The status word in its colour: status is always said in text, not by colour alone. */
export function statusText(c: PublicComponent): string {
  return `<span class="st-text ${statusClass(c.status)}">${esc(statusLabel(c.status))}</span>`;
}

export const description = (c: PublicComponent) =>
  c.description ? `<p class="desc">${esc(c.description)}</p>` : "";

/** A group is open when anything under it is not operational. */
export function groupIsOpen(group: PublicComponent): boolean {
  return allComponents(group.children ?? []).some((c) => c.status !== "operational");
}

function item(c: PublicComponent, look: Lookup, basePath: string): string {
  const href = esc(componentHref(basePath, c.id));
  if (c.children?.length) {
    return (
      `<li class="component group" data-component="${esc(c.id)}"><details${groupIsOpen(c) ? ' open=""' : ""}>` +
      `<summary><span class="row"><span class="name">${esc(c.name)}</span> ${statusText(c)}</span></summary>` +
      `${description(c)}<p class="more"><a href="${href}">${esc(c.name)}: details and history</a></p>` +
      `${componentList(c.children, look, basePath)}</details></li>`
    );
  }
  return (
    `<li class="component" data-component="${esc(c.id)}"><div class="row"><a class="name" href="${href}">${esc(c.name)}</a> ${statusText(c)}</div>` +
    `${description(c)}${uptimeBar(c, look)}</li>`
  );
}

export function componentList(components: PublicComponent[], look: Lookup, basePath: string): string {
  return `<ul class="components">${components.map((c) => item(c, look, basePath)).join("")}</ul>`;
}

export function componentsSection(components: PublicComponent[], look: Lookup, basePath: string): string {
  return (
    `<section aria-labelledby="h-components"><h2 id="h-components">Components</h2>` +
    `<p class="note">${esc(UPTIME_RULE)}</p>${componentList(components, look, basePath)}</section>`
  );
}
