import type { EmailPayload, OutboxInput, WebhookPayload } from "@/lib/outbox/schemas";
import type { PublicSnapshot } from "../types";
import { eventMail, statusUrls, webhookBody } from "./content";
import { concerns, type StatusEvent } from "./notify";
import type { SubscriberKind } from "./schemas";
import { unsubscribeToken } from "./tokens";

/**
 * Events to outbox messages: one per confirmed subscriber whose components the event concerns.
 * The dedupe key is the subscriber and the event, so a replay (another replica, a restart) adds
 * nothing. Pure.
 */

export interface Subscriber {
  id: string;
  kind: SubscriberKind;
  address: string;
  components: string[];
}

export interface MessageContext {
  snapshot: PublicSnapshot;
  origin: string;
  secret: string;
  /** Kinds the page still sends (a kind switched off in the config sends nothing). */
  kinds: { email: boolean; webhook: boolean };
  allowPrivateWebhooks: boolean;
}

export const subscriberRef = (id: string) => `status-subscriber:${id}`;

export function messagesFor(
  ctx: MessageContext,
  events: readonly StatusEvent[],
  subscribers: readonly Subscriber[],
): OutboxInput[] {
  const urls = statusUrls(ctx.origin, ctx.snapshot.page.id);
  const out: OutboxInput[] = [];
  for (const s of subscribers) {
    if (!ctx.kinds[s.kind]) continue;
    const links = { page: urls.page, unsubscribe: urls.unsubscribe(unsubscribeToken(ctx.secret, s.id)) };
    for (const event of events) {
      if (!concerns(s.components, event.components, ctx.snapshot.components)) continue;
      const base = {
        dedupeKey: `status:${ctx.snapshot.page.id}:${s.id}:${event.key}`,
        ref: subscriberRef(s.id),
      };
      if (s.kind === "email") {
        const m = eventMail(ctx.snapshot, event, links, s.components);
        const payload: EmailPayload = {
          to: s.address,
          fromName: ctx.snapshot.page.title,
          subject: m.subject,
          text: m.text,
          html: m.html,
          headers: {
            "List-Unsubscribe": `<${links.unsubscribe}>`,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
          },
        };
        out.push({ ...base, channel: "email", payload });
      } else {
        const payload: WebhookPayload = {
          url: s.address,
          body: webhookBody(ctx.snapshot, event, links),
          allowPrivate: ctx.allowPrivateWebhooks,
        };
        out.push({ ...base, channel: "webhook", payload });
      }
    }
  }
  return out;
}
