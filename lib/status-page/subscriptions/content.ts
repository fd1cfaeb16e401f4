import { esc, stripForbidden } from "../render/escape";
import { formatUtc } from "../render/format";
import { STATUS_LABEL, type PublicComponent, type PublicIncidentStatus, type PublicSnapshot } from "../types";
import type { StatusEvent } from "./notify";

/**
 * What a subscriber receives: an email (plain text and a simple HTML part) or a webhook's JSON,
 * made from the public snapshot and the event only, so nothing internal has a way in. Pure.
 */

export interface Links {
  page: string;
  unsubscribe: string;
}

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

const INCIDENT_STATUS: Record<PublicIncidentStatus, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};

export function statusUrls(origin: string, pageId: string) {
  const base = `${origin}/status/${encodeURIComponent(pageId)}`;
  return {
    page: base,
    confirm: (token: string) => `${base}/subscribe/confirm?token=${encodeURIComponent(token)}`,
    unsubscribe: (token: string) => `${base}/unsubscribe?token=${encodeURIComponent(token)}`,
  };
}

/** One line, no control characters, bounded: safe for a Subject header. */
export function oneLine(text: string, max = 200): string {
  const line = stripForbidden(text).replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Names of the page's components by id (groups and their children). */
export function componentNames(snapshot: PublicSnapshot, ids: readonly string[]): string[] {
  const all = snapshot.components.flatMap((c): PublicComponent[] => [c, ...(c.children ?? [])]);
  return ids.map((id) => all.find((c) => c.id === id)?.name).filter((n): n is string => Boolean(n));
}

/** "7 Dec 2026, 14:02 CET" in the page's time zone (UTC when the zone is unknown). */
export function formatInZone(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat("en-GB", {
      timeZone,
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    }).format(d);
  } catch {
    return formatUtc(iso);
  }
}

interface Body {
  /** The first line of the text part, the heading of the HTML one. */
  heading: string;
  /** Short facts ("Status: Investigating"). */
  facts: string[];
  /** The public words, as written. */
  message?: string;
}

function eventBody(snapshot: PublicSnapshot, event: StatusEvent): { subject: string; body: Body } {
  const tz = snapshot.page.timeZone;
  const affected = componentNames(snapshot, event.components).join(", ");
  if ("incident" in event) {
    const { incident, update } = event;
    const status = INCIDENT_STATUS[update.status];
    return {
      subject: `${incident.title} — ${status}`,
      body: {
        heading: incident.title,
        facts: [
          `Status: ${status}`,
          ...(update.status === "resolved" ? [] : [`Impact: ${STATUS_LABEL[incident.impact]}`]),
          ...(affected ? [`Affected: ${affected}`] : []),
          `Posted: ${formatInZone(update.at, tz)}`,
        ],
        message: update.text,
      },
    };
  }
  const m = event.maintenance;
  const what = {
    "maintenance.scheduled": "Scheduled maintenance",
    "maintenance.started": "Maintenance started",
    "maintenance.completed": "Maintenance completed",
  }[event.type];
  const when = `${formatInZone(m.start, tz)}${m.end ? ` to ${formatInZone(m.end, tz)}` : " until it is over"}`;
  return {
    subject: `${what}: ${m.title}`,
    body: {
      heading: `${what}: ${m.title}`,
      facts: [`When: ${when}`, ...(affected ? [`Affected: ${affected}`] : [])],
      message: m.description,
    },
  };
}

function mail(
  pageTitle: string,
  subject: string,
  body: Body,
  footer: string[],
  links: { label: string; url: string }[],
): Mail {
  const text = [
    body.heading,
    "",
    ...body.facts,
    ...(body.message ? ["", body.message] : []),
    "",
    ...links.map((l) => `${l.label}: ${l.url}`),
    "",
    ...footer,
  ].join("\n");
  const p = (s: string) => `<p>${esc(s)}</p>`;
  const html =
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(subject)}</title></head><body>` +
    `<h1>${esc(body.heading)}</h1><ul>${body.facts.map((f) => `<li>${esc(f)}</li>`).join("")}</ul>` +
    (body.message
      ? body.message
          .split(/\n{2,}/)
          .map(p)
          .join("")
      : "") +
    `<p>${links.map((l) => `<a href="${esc(l.url)}">${esc(l.label)}</a>`).join(" · ")}</p>` +
    `<hr><small>${footer.map(esc).join("<br>")}</small></body></html>`;
  return { subject: oneLine(`[${pageTitle}] ${subject}`, 250), text, html };
}

/** The email for one event to one subscriber. */
export function eventMail(
  snapshot: PublicSnapshot,
  event: StatusEvent,
  links: Links,
  chosen: readonly string[],
): Mail {
  const { subject, body } = eventBody(snapshot, event);
  const scope = chosen.length ? ` (${componentNames(snapshot, chosen).join(", ")})` : "";
  return mail(
    snapshot.page.title,
    subject,
    body,
    [
      `You get this because you subscribed to ${snapshot.page.title} updates${scope}.`,
      `Unsubscribe: ${links.unsubscribe}`,
    ],
    [{ label: "Status page", url: links.page }],
  );
}

/** The double opt-in mail: nothing else is sent before its link is followed and confirmed. */
export function confirmationMail(
  snapshot: PublicSnapshot,
  confirmUrl: string,
  pageUrl: string,
  chosen: readonly string[],
): Mail {
  const scope = chosen.length ? componentNames(snapshot, chosen).join(", ") : "all components";
  return mail(
    snapshot.page.title,
    "Confirm your subscription",
    {
      heading: `Confirm your subscription to ${snapshot.page.title}`,
      facts: [`Updates about: ${scope}`, "The link works for 48 hours."],
      message:
        "Someone, hopefully you, asked to get this status page's incident and maintenance updates at this address. Open the link below and press Confirm to start receiving them.",
    },
    ["If this was not you, ignore this email: nothing more will be sent."],
    [
      { label: "Confirm", url: confirmUrl },
      { label: "Status page", url: pageUrl },
    ],
  );
}

/** A webhook's JSON for one event: `{page, event, incident | maintenance, unsubscribe}`. */
export function webhookBody(
  snapshot: PublicSnapshot,
  event: StatusEvent,
  links: Links,
): Record<string, unknown> {
  const base = {
    page: { id: snapshot.page.id, title: snapshot.page.title, url: links.page },
    event: {
      id: event.key,
      type: event.type,
      at: event.at,
      ...("update" in event ? { update: event.update } : {}),
    },
  };
  const named = event.components.map((id) => ({ id, name: componentNames(snapshot, [id])[0] ?? id }));
  return "incident" in event
    ? { ...base, incident: { ...event.incident, components: named }, unsubscribe: links.unsubscribe }
    : { ...base, maintenance: { ...event.maintenance, components: named }, unsubscribe: links.unsubscribe };
}
