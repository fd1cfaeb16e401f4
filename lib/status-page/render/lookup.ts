/** Lookups over a snapshot: components by id (groups' children included) and incidents by id. */
import type { PublicComponent, PublicIncident, PublicSnapshot } from "../types";

/** Every component, groups before their children, in page order. */
export function allComponents(components: PublicComponent[]): PublicComponent[] {
  return components.flatMap((c) => [c, ...allComponents(c.children ?? [])]);
}

export function findComponent(snapshot: PublicSnapshot, id: string): PublicComponent | null {
  return allComponents(snapshot.components).find((c) => c.id === id) ?? null;
}

/** The component's id and its descendants' ids: an incident on a child concerns the group. */
export function idsWithin(component: PublicComponent): Set<string> {
  return new Set(allComponents([component]).map((c) => c.id));
}

export interface Lookup {
  componentName(id: string): string | null;
  incident(id: string): PublicIncident | null;
}

export function lookup(snapshot: PublicSnapshot): Lookup {
  const names = new Map(allComponents(snapshot.components).map((c) => [c.id, c.name]));
  const incidents = new Map([...snapshot.history, ...snapshot.incidents].map((i) => [i.id, i]));
  return {
    componentName: (id) => names.get(id) ?? null,
    incident: (id) => incidents.get(id) ?? null,
  };
}

/** The names of the listed components that exist on this page (unknown ids are left out). */
export function componentNames(ids: string[], look: Lookup): string[] {
  return ids.map((id) => look.componentName(id)).filter((n): n is string => n !== null);
}

/** Updates newest first, whatever order they came in (stable for equal times). */
export function updatesNewestFirst(incident: PublicIncident) {
  const at = (iso: string) => Date.parse(iso) || 0;
  return [...incident.updates].sort((a, b) => at(b.at) - at(a.at));
}
