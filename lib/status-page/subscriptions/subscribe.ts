import "server-only";
import { randomUUID } from "node:crypto";
import { Forbidden, NotFound, Validation } from "@/lib/errors";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { enqueue } from "@/lib/outbox/enqueue";
import type { EmailPayload } from "@/lib/outbox/schemas";
import { checkDestination, DestinationRefused } from "@/lib/outbox/senders/destination";
import { confirmationMail, statusUrls } from "./content";
import type { SubscriptionDeps } from "./deps";
import { subscriberRef } from "./messages";
import type { SubscribeInput } from "./schemas";
import { newConfirmToken } from "./tokens";

/**
 * A public, anonymous sign-up. Email is double opt-in: a new or still unconfirmed address gets
 * one confirmation mail (at most one per 10 minutes), a confirmed one nothing, and the answer is
 * the same in every case, so it tells nobody who subscribes. A webhook is subscribed at once;
 * its destination must be public unless the page allows private ones.
 *
 * Not an audit record: the audit log is for what console users do, chained and never deleted,
 * while sign-ups are anonymous, numerous, and hold an address that must go when its owner
 * unsubscribes. They are logged without the address; the subscriber row is the record.
 */

const CONFIRM_TTL_MS = 48 * 3_600_000;
const RESEND_AFTER_MS = 10 * 60_000;
const RESOLVE_TIMEOUT_MS = 5_000;

export interface SubscribeResult {
  email?: "confirmation-queued" | "unchanged";
  webhook?: "subscribed";
}

export async function subscribe(
  deps: SubscriptionDeps,
  req: { pageId: string; input: SubscribeInput; clientIp?: string },
): Promise<SubscribeResult> {
  const { pageId, input } = req;
  const policy = await deps.policy(pageId);
  const snapshot = deps.snapshot(pageId);
  if (!policy || !snapshot) throw new NotFound("There is no status page here.");
  if (!policy.email && !policy.webhook) throw new Forbidden("This page does not take subscriptions.");
  if (!policy.open)
    throw new Forbidden("Sign-ups are closed for this page. Existing subscribers still get its updates.");
  if (input.email && !policy.email) throw new Validation("This page does not take email subscriptions.");
  if (input.webhook && !policy.webhook)
    throw new Validation("This page does not take webhook subscriptions.");
  const known = new Set(snapshot.components.flatMap((c) => [c.id, ...(c.children ?? []).map((k) => k.id)]));
  const unknown = input.components.find((c) => !known.has(c));
  if (unknown) throw new Validation(`There is no component "${unknown}" on this page.`);

  await deps.limiter.signup(
    req.clientIp,
    [input.email && `email:${input.email}`, input.webhook && `webhook:${input.webhook}`].filter(
      (a): a is string => Boolean(a),
    ),
  );
  if (input.webhook) await checkWebhook(deps, input.webhook, policy.allowPrivateWebhooks);

  const db = await deps.db();
  const now = deps.now?.() ?? Date.now();
  const result: SubscribeResult = {};
  if (input.email)
    result.email = await subscribeEmail(deps, db, {
      pageId,
      email: input.email,
      components: input.components,
      now,
    });
  if (input.webhook) {
    await db.statusSubscriber.upsert({
      where: { pageId_kind_address: { pageId, kind: "webhook", address: input.webhook } },
      create: {
        id: randomUUID(),
        pageId,
        kind: "webhook",
        address: input.webhook,
        components: input.components,
        createdAt: new Date(now),
        confirmedAt: new Date(now),
      },
      update: { components: input.components },
    });
    result.webhook = "subscribed";
  }
  log.info("status page: sign-up", {
    page: pageId,
    ...result,
    components: input.components.length,
  });
  return result;
}

async function checkWebhook(deps: SubscriptionDeps, url: string, allowPrivate: boolean): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("DNS lookup timed out")), RESOLVE_TIMEOUT_MS);
  });
  try {
    await Promise.race([checkDestination(url, allowPrivate, deps.resolve), deadline]);
  } catch (error) {
    if (error instanceof DestinationRefused)
      throw new Validation(
        "Webhooks to private, loopback or link-local addresses are not accepted here: give a public URL.",
      );
    log.info("status page: webhook host did not resolve", { error: shortErrorMessage(error) });
    throw new Validation("The webhook URL's host name does not resolve.");
  } finally {
    clearTimeout(timer);
  }
}

async function subscribeEmail(
  deps: SubscriptionDeps,
  db: Awaited<ReturnType<SubscriptionDeps["db"]>>,
  s: { pageId: string; email: string; components: string[]; now: number },
): Promise<"confirmation-queued" | "unchanged"> {
  const snapshot = deps.snapshot(s.pageId)!;
  const queued = await db
    .$transaction(async (tx) => {
      const existing = await tx.statusSubscriber.findUnique({
        where: { pageId_kind_address: { pageId: s.pageId, kind: "email", address: s.email } },
      });
      if (existing?.confirmedAt) return false;
      if (existing?.confirmSentAt && existing.confirmSentAt.getTime() > s.now - RESEND_AFTER_MS) return false;
      const { token, hash } = newConfirmToken();
      const id = existing?.id ?? randomUUID();
      const fields = {
        components: s.components,
        confirmTokenHash: hash,
        confirmExpiresAt: new Date(s.now + CONFIRM_TTL_MS),
        confirmSentAt: new Date(s.now),
      };
      if (existing) await tx.statusSubscriber.update({ where: { id }, data: fields });
      else
        await tx.statusSubscriber.create({
          data: {
            id,
            pageId: s.pageId,
            kind: "email",
            address: s.email,
            createdAt: new Date(s.now),
            ...fields,
          },
        });
      const urls = statusUrls(deps.siteOrigin(), s.pageId);
      const mail = confirmationMail(snapshot, urls.confirm(token), urls.page, s.components);
      const payload: EmailPayload = {
        to: s.email,
        fromName: snapshot.page.title,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: { "Auto-Submitted": "auto-generated" },
      };
      await enqueue(
        tx,
        [
          {
            channel: "email",
            dedupeKey: `status-confirm:${id}:${hash.slice(0, 24)}`,
            ref: subscriberRef(id),
            payload,
          },
        ],
        s.now,
      );
      return true;
    })
    // The same address signing up twice at once: the other request sends the mail.
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === "P2002") return false;
      throw error;
    });
  if (queued) deps.onEnqueued?.();
  return queued ? "confirmation-queued" : "unchanged";
}
