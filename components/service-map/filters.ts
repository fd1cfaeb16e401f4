import type { Service } from "./apply-change";

export type View = "map" | "list";

/** What the map and the list show; kept in the URL so a filtered view can be shared. */
export interface MapQuery {
  view: View;
  stack: string;
  /** A health state, `impacted`, or empty for all. */
  state: string;
  tag: string;
  q: string;
}

type Params = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export function parseMapQuery(params: Params): MapQuery {
  return {
    view: first(params.view) === "list" ? "list" : "map",
    stack: first(params.stack),
    state: first(params.state),
    tag: first(params.tag),
    q: first(params.q).slice(0, 200),
  };
}

export function mapQueryString(query: MapQuery): string {
  const params = new URLSearchParams();
  if (query.view !== "map") params.set("view", query.view);
  for (const key of ["stack", "state", "tag", "q"] as const) if (query[key]) params.set(key, query[key]);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export const hasFilters = (q: MapQuery) => Boolean(q.stack || q.state || q.tag || q.q.trim());

/** Text matches name, id, owner, tags and the reason ("connection refused" finds the outage). */
export function matches(s: Service, q: MapQuery): boolean {
  if (q.stack && s.stackId !== q.stack) return false;
  if (q.state === "impacted" ? !s.impactedBy : q.state && s.status !== q.state) return false;
  if (q.tag && !s.tags.includes(q.tag)) return false;
  const text = q.q.trim().toLowerCase();
  if (!text) return true;
  return [s.name, s.id, s.owner ?? "", s.reason, ...s.tags].some((f) => f.toLowerCase().includes(text));
}
