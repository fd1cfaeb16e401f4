import "server-only";
import { isAppError, Validation } from "@/lib/errors";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { redactText } from "@/lib/outbox/redact";
import type { StatusRequest, StatusResponse, SubscriptionRoutes } from "../serve";
import type { ManifestPage } from "../store";
import { confirmationValid, confirmSubscription } from "./confirm";
import type { SubscriptionDeps } from "./deps";
import { flowHtml, type FlowPage } from "./pages";
import { parseSubscribeInput } from "./schemas";
import { subscribe } from "./subscribe";
import { unsubscribe, unsubscribeTarget } from "./unsubscribe";

/**
 * The public subscription routes over the verbs: parse the form or the link's token, call the
 * verb, answer a small page. The answers never say whether an address is subscribed. A failure
 * that is not the visitor's (the database is down) is a 503 that says so, nothing more.
 */

const EXPIRED = [
  "This link is not valid any more: it may have expired (links work for 48 hours) or been used already.",
  "If you have not confirmed yet, sign up again from the status page.",
];

export function subscriptionRoutes(deps: SubscriptionDeps): SubscriptionRoutes {
  const tokenOf = (req: StatusRequest) => req.body?.get("token") ?? req.query?.get("token") ?? null;
  return {
    async subscribe(page, req) {
      if (req.method !== "POST")
        return { status: 303, headers: { Location: `/status/${page.id}` }, body: null };
      return guarded(page, async () => {
        const parsed = parseSubscribeInput(req.body);
        if (!parsed.ok) throw new Validation(sentence(parsed.message));
        const result = await subscribe(deps, {
          pageId: page.id,
          input: parsed.input,
          clientIp: req.clientIp,
        });
        const paragraphs: string[] = [];
        if (result.email)
          paragraphs.push(
            "If this address can receive mail, a confirmation is on its way. Follow its link to start getting updates; nothing else is sent until then.",
          );
        if (result.webhook)
          paragraphs.push(
            "The webhook is subscribed: it gets a JSON POST for each incident update and maintenance, each with the link that unsubscribes it.",
          );
        return answer(200, page, { heading: result.email ? "Check your inbox" : "Subscribed", paragraphs });
      });
    },

    async confirm(page, req) {
      return guarded(page, async () => {
        const input = { pageId: page.id, token: tokenOf(req), clientIp: req.clientIp };
        if (req.method !== "POST") {
          if (!(await confirmationValid(deps, input)))
            return answer(404, page, { heading: "Link not valid", paragraphs: EXPIRED });
          return answer(200, page, {
            heading: "Confirm your subscription",
            paragraphs: [`Press Confirm to get ${page.title} updates by email.`],
            form: { action: `/status/${page.id}/subscribe/confirm`, token: input.token!, button: "Confirm" },
          });
        }
        if (!(await confirmSubscription(deps, input)))
          return answer(404, page, { heading: "Link not valid", paragraphs: EXPIRED });
        return answer(200, page, {
          heading: "You are subscribed",
          paragraphs: [
            "You will get an email for each incident update and maintenance. Every one has a link to unsubscribe.",
          ],
        });
      });
    },

    async unsubscribe(page, req) {
      return guarded(page, async () => {
        const token = tokenOf(req);
        const invalid = () =>
          answer(400, page, {
            heading: "Link not valid",
            paragraphs: ["This unsubscribe link is not valid."],
          });
        if (req.method !== "POST") {
          if (!unsubscribeTarget(deps, token)) return invalid();
          return answer(200, page, {
            heading: "Unsubscribe",
            paragraphs: [`Press Unsubscribe to stop getting ${page.title} updates.`],
            form: { action: `/status/${page.id}/unsubscribe`, token: token!, button: "Unsubscribe" },
          });
        }
        // A mail client's one-click POST (RFC 8058) carries the token in the URL; the page's button in the form.
        if (!(await unsubscribe(deps, { pageId: page.id, token, clientIp: req.clientIp }))) return invalid();
        return answer(200, page, {
          heading: "You are unsubscribed",
          paragraphs: ["You will not get any more updates."],
        });
      });
    },
  };
}

function answer(
  status: number,
  page: ManifestPage,
  p: Omit<FlowPage, "pageId" | "pageTitle">,
): StatusResponse {
  return {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8" },
    body: flowHtml({ pageId: page.id, pageTitle: page.title, ...p }),
  };
}

async function guarded(page: ManifestPage, work: () => Promise<StatusResponse>): Promise<StatusResponse> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error)) {
      const r = answer(error.status, page, { heading: "Not done", paragraphs: [error.message], alert: true });
      if (error.status === 429) r.headers["Retry-After"] = "600";
      return r;
    }
    // Prisma's messages may quote what was written: no address reaches the log.
    log.warn("status page: subscriptions unavailable", {
      page: page.id,
      error: redactText(shortErrorMessage(error)).replace(/[^\s@]+@[^\s@]+/g, "[address]"),
    });
    return answer(503, page, {
      heading: "Not available right now",
      paragraphs: [
        "Subscriptions are unavailable right now; the status page itself is up to date. Try again in a few minutes.",
      ],
      alert: true,
    });
  }
}

/** "email: that is not an email address" → "Email: that is not an email address." */
function sentence(message: string): string {
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
