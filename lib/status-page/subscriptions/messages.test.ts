import { describe, expect, it } from "vitest";
import { emailPayloadSchema, webhookPayloadSchema, type EmailPayload } from "@/lib/outbox/schemas";
import { buildSnapshot, HOSTILE, NOW } from "../render/fixture.test-support";
import type { PublicSnapshot } from "../types";
import { confirmationMail } from "./content";
import { messagesFor, type Subscriber } from "./messages";
import { diffSnapshots, type StatusEvent } from "./notify";
import { verifyUnsubscribeToken } from "./tokens";

const SECRET = "test-secret-with-enough-entropy-0123456789";
const later = (iso: string, min: number) => new Date(Date.parse(iso) + min * 60_000).toISOString();

function updateEvent(prev: PublicSnapshot): { next: PublicSnapshot; events: StatusEvent[] } {
  const next = structuredClone(prev);
  next.generatedAt = later(NOW, 1);
  next.incidents[0].updates.unshift({
    at: later(NOW, 1),
    status: "monitoring",
    text: "Fix deployed; watching.",
  });
  return { next, events: diffSnapshots(prev, next) };
}

const ana: Subscriber = { id: "sub-ana", kind: "email", address: "ana@example.com", components: [] };
const dbOnly: Subscriber = { id: "sub-db", kind: "email", address: "db@example.com", components: ["data"] };
const hook: Subscriber = {
  id: "sub-hook",
  kind: "webhook",
  address: "https://hooks.example.com/in?token=s3cret",
  components: ["web"],
};

function build(snapshot: PublicSnapshot, events: StatusEvent[], subscribers: Subscriber[], email = true) {
  return messagesFor(
    {
      snapshot,
      origin: "https://status.example.com",
      secret: SECRET,
      kinds: { email, webhook: true },
      allowPrivateWebhooks: false,
    },
    events,
    subscribers,
  );
}

describe("messages for subscribers", () => {
  it("mails an incident update with the page's name, a one-click unsubscribe and nothing but public words", () => {
    const { next, events } = updateEvent(buildSnapshot());
    const [m] = build(next, events, [ana]);
    const mail = emailPayloadSchema.parse(m.payload) as EmailPayload;
    expect(m).toMatchObject({ channel: "email", ref: "status-subscriber:sub-ana" });
    expect(mail.to).toBe("ana@example.com");
    expect(mail.subject).toBe("[Acme status] Slow checkout — Monitoring");
    expect(mail.text).toContain("Fix deployed; watching.");
    expect(mail.text).toContain("Affected: Web app, Public API");
    expect(mail.text).toContain("https://status.example.com/status/customers");
    const unsubscribe =
      /^<(https:\/\/status\.example\.com\/status\/customers\/unsubscribe\?token=([^>]+))>$/.exec(
        mail.headers!["List-Unsubscribe"],
      )!;
    expect(mail.headers!["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail.text).toContain(unsubscribe[1]);
    expect(mail.html).toContain("Fix deployed; watching.");
    expect(verifyUnsubscribeToken(SECRET, decodeURIComponent(unsubscribe[2]))).toBe("sub-ana");
  });

  it("keys each message by subscriber and event, so a replay is the same message", () => {
    const { next, events } = updateEvent(buildSnapshot());
    const once = build(next, events, [ana, hook]).map((m) => m.dedupeKey);
    expect(once).toEqual(
      build(structuredClone(next), diffSnapshots(buildSnapshot(), next), [ana, hook]).map((m) => m.dedupeKey),
    );
    expect(new Set(once).size).toBe(2);
  });

  it("follows each subscriber's components, and sends nothing of a kind switched off", () => {
    const { next, events } = updateEvent(buildSnapshot());
    // The incident touches web-app and api: the "data" subscriber is not concerned; the webhook chose "web".
    expect(build(next, events, [ana, dbOnly, hook]).map((m) => m.ref)).toEqual([
      "status-subscriber:sub-ana",
      "status-subscriber:sub-hook",
    ]);
    expect(build(next, events, [ana, hook], false).map((m) => m.channel)).toEqual(["webhook"]);
  });

  it("posts webhooks as {page, event, incident, unsubscribe}, never allowing private destinations by itself", () => {
    const { next, events } = updateEvent(buildSnapshot());
    const [m] = build(next, events, [hook]);
    const payload = webhookPayloadSchema.parse(m.payload);
    expect(payload).toMatchObject({ url: hook.address, allowPrivate: false });
    const body = payload.body as Record<string, Record<string, unknown>>;
    expect(Object.keys(body)).toEqual(["page", "event", "incident", "unsubscribe"]);
    expect(body.page).toEqual({
      id: "customers",
      title: "Acme status",
      url: "https://status.example.com/status/customers",
    });
    expect(body.event).toMatchObject({ type: "incident.updated", update: { status: "monitoring" } });
    expect(body.incident).toMatchObject({
      id: "42",
      title: "Slow checkout",
      components: [
        { id: "web-app", name: "Web app" },
        { id: "api", name: "Public API" },
        { id: "not-on-this-page", name: "not-on-this-page" },
      ],
    });
  });

  it("keeps hostile public text inert: one-line subjects, escaped HTML, valid payloads", () => {
    const { next, events } = updateEvent(buildSnapshot({ hostile: true }));
    const messages = build(next, events, [ana]);
    expect(messages).toHaveLength(1);
    const mail = emailPayloadSchema.parse(messages[0].payload);
    expect(mail.subject).not.toMatch(/[\r\n\u0000]/);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;");
    expect(HOSTILE).toContain("<script>");
  });

  it("announces maintenance with its time in the page's zone", () => {
    const prev = buildSnapshot();
    const next = structuredClone(prev);
    next.generatedAt = later(NOW, 1);
    next.maintenance.push({
      id: "m-new",
      title: "Search reindex",
      description: "Search may be slow.",
      components: ["api"],
      start: "2026-12-08T02:00:00.000Z",
      end: "2026-12-08T03:00:00.000Z",
      state: "scheduled",
    });
    const mail = emailPayloadSchema.parse(build(next, diffSnapshots(prev, next), [ana])[0].payload);
    expect(mail.subject).toBe("[Acme status] Scheduled maintenance: Search reindex");
    expect(mail.text).toContain("When: 8 Dec 2026, 02:00 UTC to 8 Dec 2026, 03:00 UTC");
    expect(mail.text).toContain("Search may be slow.");
  });

  it("writes a confirmation mail that says what was asked and that ignoring it is fine", () => {
    const mail = confirmationMail(buildSnapshot(), "https://s/confirm?token=t", "https://s/page", ["data"]);
    expect(mail.subject).toBe("[Acme status] Confirm your subscription");
    expect(mail.text).toContain("Updates about: Data stores");
    expect(mail.text).toContain("Confirm: https://s/confirm?token=t");
    expect(mail.text).toContain("ignore this email");
  });
});
