/**
 * What the Atom, RSS and JSON feeds share: one entry per incident (open and past) listing its
 * updates, and one per maintenance window, with stable ids built from the page's public URL.
 */
import type { PublicIncident, PublicMaintenance, PublicSnapshot } from "../types";
import { esc, segment, stripForbidden } from "./escape";
import { formatUtc } from "./format";
import { componentNames, lookup, updatesNewestFirst, type Lookup } from "./lookup";
import { incidentStatusLabel, maintenanceStateLabel, statusLabel } from "./palette";

export interface FeedOptions {
  /** The page's absolute URL, e.g. "https://status.example.com/status/customers". */
  siteUrl: string;
  /** Where the feeds are served, absolute; siteUrl by default. */
  feedsUrl?: string;
}

export interface FeedEntry {
  id: string;
  url: string;
  title: string;
  /** ISO instants. */
  published: string;
  updated: string;
  /** Escaped HTML, ready to be escaped once more for XML. */
  html: string;
  text: string;
}

const trimSlash = (url: string) => stripForbidden(url).trim().replace(/\/+$/, "");
export const siteOf = (opts: FeedOptions) => trimSlash(opts.siteUrl);
export const feedsOf = (opts: FeedOptions) => trimSlash(opts.feedsUrl ?? opts.siteUrl);

/** The latest valid instant among the given ones, as ISO; the fallback when none is valid. */
export function latest(instants: (string | null)[], fallback: string): string {
  const times = instants.map((i) => (i ? Date.parse(i) : NaN)).filter((t) => !Number.isNaN(t));
  return times.length ? new Date(Math.max(...times)).toISOString() : fallback;
}

const paragraph = (text: string) => esc(text).replace(/\r?\n/g, "<br />");

function incidentEntry(i: PublicIncident, site: string, look: Lookup, fallback: string): FeedEntry {
  const names = componentNames(i.components, look);
  const head = [
    `Status: ${incidentStatusLabel(i.status)}`,
    `Impact: ${statusLabel(i.impact)}`,
    names.length ? `Affects: ${names.join(", ")}` : "",
  ].filter(Boolean);
  const updates = updatesNewestFirst(i).map((u) => ({
    head: `${incidentStatusLabel(u.status)} · ${formatUtc(u.at)}`,
    text: stripForbidden(u.text),
  }));
  const url = `${site}#incident-${segment(i.id)}`;
  return {
    id: url,
    url,
    title: stripForbidden(i.title),
    published: latest([i.startedAt], fallback),
    updated: latest([i.startedAt, i.resolvedAt, ...i.updates.map((u) => u.at)], fallback),
    html:
      `<p>${esc(head.join(" · "))}</p>` +
      updates.map((u) => `<p><strong>${esc(u.head)}</strong><br />${paragraph(u.text)}</p>`).join(""),
    text: stripForbidden([head.join(" · "), ...updates.map((u) => `${u.head}\n${u.text}`)].join("\n\n")),
  };
}

function maintenanceEntry(m: PublicMaintenance, site: string, look: Lookup, fallback: string): FeedEntry {
  const names = componentNames(m.components, look);
  const when = m.end
    ? `${formatUtc(m.start)} – ${formatUtc(m.end)}`
    : `From ${formatUtc(m.start)} until ended`;
  const head = [maintenanceStateLabel(m.state), when, names.length ? `Affects: ${names.join(", ")}` : ""];
  const description = stripForbidden(m.description ?? "");
  const url = `${site}#maintenance-${segment(m.id)}`;
  return {
    id: url,
    url,
    title: `Maintenance: ${stripForbidden(m.title)}`,
    published: latest([m.start], fallback),
    // No announcement time in the snapshot: a window dates from its start, a completed one from its end.
    updated: latest(m.state === "completed" ? [m.start, m.end] : [m.start], fallback),
    html:
      `<p>${esc(head.filter(Boolean).join(" · "))}</p>` +
      (description ? `<p>${paragraph(description)}</p>` : ""),
    text: stripForbidden([head.filter(Boolean).join(" · "), description].filter(Boolean).join("\n\n")),
  };
}

/** Every entry, most recently updated first. */
export function feedEntries(snapshot: PublicSnapshot, opts: FeedOptions): FeedEntry[] {
  const site = siteOf(opts);
  const look = lookup(snapshot);
  const fallback = latest([snapshot.generatedAt], new Date(0).toISOString());
  return [
    ...[...snapshot.incidents, ...snapshot.history].map((i) => incidentEntry(i, site, look, fallback)),
    ...snapshot.maintenance.map((m) => maintenanceEntry(m, site, look, fallback)),
  ].sort((a, b) => Date.parse(b.updated) - Date.parse(a.updated));
}
