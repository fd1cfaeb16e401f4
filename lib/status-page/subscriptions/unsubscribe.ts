import "server-only";
import { log } from "@/lib/infra/logger";
import { cancelPending } from "@/lib/outbox/enqueue";
import type { SubscriptionDeps } from "./deps";
import { subscriberRef } from "./messages";
import { tokenSchema } from "./schemas";
import { verifyUnsubscribeToken } from "./tokens";

/**
 * Unsubscribing: a POST with the link's token (the page's button, or a mail client's one-click
 * POST, RFC 8058) deletes the subscriber, address and all, and cancels what is still queued for
 * it. Saying "unsubscribed" again for a link already used is the truth, and tells nothing new.
 */

/** The subscriber id a link names, when the link is genuine. */
export function unsubscribeTarget(deps: SubscriptionDeps, token: string | null): string | null {
  if (!token || !tokenSchema.safeParse(token).success) return null;
  return verifyUnsubscribeToken(deps.secret(), token);
}

export async function unsubscribe(
  deps: SubscriptionDeps,
  req: { pageId: string; token: string | null; clientIp?: string },
): Promise<boolean> {
  await deps.limiter.link(req.clientIp);
  const id = unsubscribeTarget(deps, req.token);
  if (!id) return false;
  const db = await deps.db();
  const now = deps.now?.() ?? Date.now();
  const [removed, cancelled] = await db.$transaction(async (tx) => [
    // The token names the subscriber, whichever page's URL carried it.
    (await tx.statusSubscriber.deleteMany({ where: { id } })).count,
    await cancelPending(tx, subscriberRef(id), now),
  ]);
  if (removed > 0) log.info("status page: unsubscribed", { page: req.pageId, cancelled });
  return true;
}
