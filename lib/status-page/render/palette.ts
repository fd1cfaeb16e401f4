/**
 * Status colours and wording, in one place: the stylesheet, the SVG bars and the badge all
 * read them. `light` passes WCAG AA (4.5:1) under white text and as text on the light page and
 * cards; `dark` passes as text on the dark theme's page and cards (assets.test.ts checks).
 */
import {
  STATUS_LABEL,
  type ComponentStatus,
  type PublicIncidentStatus,
  type PublicMaintenance,
} from "../types";

export interface StatusColour {
  /** Text and bars on the light theme; the background of banners and badges (white text). */
  light: string;
  /** Text and bars on the dark theme. */
  dark: string;
}

export const STATUS_COLOURS: Record<ComponentStatus, StatusColour> = {
  operational: { light: "#1a7f37", dark: "#3fb950" },
  degraded_performance: { light: "#9a6700", dark: "#d29922" },
  partial_outage: { light: "#bc4c00", dark: "#db6d28" },
  major_outage: { light: "#cf222e", dark: "#f85149" },
  under_maintenance: { light: "#0969da", dark: "#4493f8" },
};

/** Page and card backgrounds and text colours per theme. */
export const THEME = {
  light: {
    bg: "#ffffff",
    card: "#f6f8fa",
    text: "#1f2328",
    muted: "#59636e",
    border: "#d1d9e0",
    none: "#d1d9e0",
  },
  dark: {
    bg: "#0d1117",
    card: "#151b23",
    text: "#f0f6fc",
    muted: "#9198a1",
    border: "#3d444d",
    none: "#3d444d",
  },
} as const;

/** The badge's label background (shields' grey, darkened for contrast with white text). */
export const BADGE_LABEL_COLOUR = "#555555";

export const INCIDENT_STATUS_LABEL: Record<PublicIncidentStatus, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};

export const MAINTENANCE_STATE_LABEL: Record<PublicMaintenance["state"], string> = {
  scheduled: "Scheduled",
  in_progress: "In progress",
  completed: "Completed",
};

// A status outside the closed set (a newer snapshot, bad data) shows as unknown, never as fine.
const known = (status: string): status is ComponentStatus => Object.hasOwn(STATUS_COLOURS, status);

/** The class that colours an element by status (`st-major_outage`, or `st-unknown`). */
export function statusClass(status: ComponentStatus | null): string {
  return status !== null && known(status) ? `st-${status}` : "st-unknown";
}

/** The light-theme colour of a status (SVG fill fallbacks, badges); `unknown` for null or unknown. */
export function statusFill(status: ComponentStatus | null, unknown: string = THEME.light.none): string {
  return status !== null && known(status) ? STATUS_COLOURS[status].light : unknown;
}

export function statusLabel(status: ComponentStatus): string {
  return known(status) ? STATUS_LABEL[status] : "Unknown";
}

export function incidentStatusLabel(status: PublicIncidentStatus): string {
  return Object.hasOwn(INCIDENT_STATUS_LABEL, status) ? INCIDENT_STATUS_LABEL[status] : "Update";
}

export function maintenanceStateLabel(state: PublicMaintenance["state"]): string {
  return Object.hasOwn(MAINTENANCE_STATE_LABEL, state) ? MAINTENANCE_STATE_LABEL[state] : "Maintenance";
}
