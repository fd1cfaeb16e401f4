import { z } from "zod";

/**
 * The outbox's shapes: the mail settings, what a message of each channel carries, and what a
 * caller enqueues. A payload never holds a credential (the SMTP URL stays in config); it may
 * hold a webhook URL, which is itself a secret and never logged. Safe for the client.
 */

export const mailSettingsSchema = z.strictObject({
  /** smtp://user:password@host:587 or smtps://…:465; use ${ENV} for the password. */
  smtp: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, "expected a URL such as smtp://user:password@mail.example.com:587"),
  /** The sender's address; the display name is the status page's title. */
  from: z.email(),
});
export type MailSettings = z.output<typeof mailSettingsSchema>;

/** A header value on one line: nothing a recipient's name or a URL could smuggle a header into. */
const headerValue = z
  .string()
  .max(2000)
  .regex(/^[^\r\n]*$/, "no line breaks in a header");

export const emailPayloadSchema = z.strictObject({
  to: z.email().max(254),
  /** Display name beside settings.mail.from. */
  fromName: headerValue.max(200).optional(),
  subject: headerValue.max(500),
  text: z.string().max(100_000),
  html: z.string().max(200_000).optional(),
  headers: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/), headerValue).optional(),
});
export type EmailPayload = z.output<typeof emailPayloadSchema>;

export const webhookPayloadSchema = z.strictObject({
  url: z
    .string()
    .max(2000)
    .regex(/^https?:\/\/[^\s]+$/, "expected an http(s) URL"),
  /** Sent as JSON. */
  body: z.unknown(),
  /** Private, loopback and link-local destinations are refused unless this says otherwise. */
  allowPrivate: z.boolean().default(false),
});
export type WebhookPayload = z.output<typeof webhookPayloadSchema>;

export const OUTBOX_STATUSES = ["pending", "sent", "failed", "cancelled"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** What a caller puts in the outbox. */
export interface OutboxInput {
  channel: string;
  /** One row per key, whoever enqueues it and however often. */
  dedupeKey: string;
  /** What it belongs to (e.g. `status-subscriber:<id>`), to cancel its pending messages with it. */
  ref?: string;
  payload: unknown;
  /** Not before this instant (epoch ms); now when absent. */
  notBefore?: number;
}
