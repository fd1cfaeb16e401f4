/**
 * What a status page publishes: the only shapes that ever leave the console for the public.
 * Everything here is built from an allow-list of public fields (public names and descriptions,
 * public incident updates, maintenance titles and descriptions); nothing internal has a field
 * to travel in. Safe for the client and for the standalone status process.
 */

/** Statuspage's five component states, worst last but maintenance. */
export const COMPONENT_STATUSES = [
  "operational",
  "degraded_performance",
  "partial_outage",
  "major_outage",
  "under_maintenance",
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const STATUS_LABEL: Record<ComponentStatus, string> = {
  operational: "Operational",
  degraded_performance: "Degraded performance",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
  under_maintenance: "Under maintenance",
};

export type PublicIncidentStatus = "investigating" | "identified" | "monitoring" | "resolved";

/** One day of a component's uptime bar, in the page's reporting time zone (UTC by default). */
export interface PublicDay {
  /** YYYY-MM-DD. */
  date: string;
  /** Percent, 3 decimals; null when nothing was known that day (before monitoring began). */
  uptime: number | null;
  /** The worst status the component had that day (maintenance only when nothing worse). */
  worst: ComponentStatus | null;
  /** Milliseconds of major and partial outage and of maintenance that day. */
  majorMs: number;
  partialMs: number;
  maintenanceMs: number;
  /** Public incidents that touched the component that day (ids into the snapshot's incidents). */
  incidents: string[];
}

export interface PublicComponent {
  /** Stable slug, unique in the page (used in URLs and badges). */
  id: string;
  name: string;
  description?: string;
  status: ComponentStatus;
  /** Groups: their children (a group's status is its worst child's). */
  children?: PublicComponent[];
  /** The 90-day bar and its percentage (maintenance excluded, partial outage weighted). */
  uptime: { percent: number | null; days: PublicDay[] };
  /**
   * Response time of its services' HTTP checks, mean per hour over the last 24 hours (oldest
   * first; null where nothing was measured). Absent when no HTTP check measures it.
   */
  responseTime?: { hours: { at: string; ms: number | null }[] };
}

export interface PublicIncidentUpdate {
  /** ISO instant. */
  at: string;
  status: PublicIncidentStatus;
  text: string;
}

export interface PublicIncident {
  /** Public id: the incident number as text (never the internal id). */
  id: string;
  title: string;
  status: PublicIncidentStatus;
  /** The worst status it gives its components while open. */
  impact: Exclude<ComponentStatus, "operational" | "under_maintenance">;
  /** Component ids of this page. */
  components: string[];
  startedAt: string;
  resolvedAt: string | null;
  /** Newest first. */
  updates: PublicIncidentUpdate[];
}

export interface PublicMaintenance {
  /** Public id (window id and occurrence start). */
  id: string;
  title: string;
  description?: string;
  components: string[];
  start: string;
  /** null: until ended. */
  end: string | null;
  state: "scheduled" | "in_progress" | "completed";
}

export interface PublicPageInfo {
  /** Slug: the page is served at /status/<id> (the default page also at /status). */
  id: string;
  title: string;
  description?: string;
  /** A URL or a path under the status page's assets. */
  logoUrl?: string;
  /** Brand colour (hex) for the header; statuses keep their own colours. */
  accent?: string;
  /** The time zone days are counted in for the uptime bars. */
  timeZone: string;
}

export interface PublicSnapshot {
  /** Bumped when the shape changes; the standalone process refuses what it does not know. */
  version: 1;
  page: PublicPageInfo;
  /** ISO instant of the data (not of the render). */
  generatedAt: string;
  /**
   * Set when incidents and history could not be read for a while (the console's database is
   * down): the instant they were last read. Health is still current.
   */
  incidentsAsOf?: string;
  /** The page's headline. */
  overall: { status: ComponentStatus; text: string };
  components: PublicComponent[];
  /** Open incidents, newest first. */
  incidents: PublicIncident[];
  /** Resolved incidents of the last 90 days, newest first. */
  history: PublicIncident[];
  /** Upcoming (announced) and ongoing windows, soonest first; completed ones of the last 7 days. */
  maintenance: PublicMaintenance[];
}
