import "server-only";
import { log } from "@/lib/infra/logger";
import type { SubscriptionDeps } from "./deps";
import { tokenSchema } from "./schemas";
import { hashToken } from "./tokens";

/**
 * The second step of the double opt-in. Only a POST confirms (the page's button): mail
 * scanners and link previews follow GET links, and must not subscribe anybody. The token is
 * good once, for 48 hours, on its own page.
 */

async function pending(deps: SubscriptionDeps, pageId: string, token: string | null) {
  if (!token || !tokenSchema.safeParse(token).success) return null;
  const db = await deps.db();
  const row = await db.statusSubscriber.findUnique({ where: { confirmTokenHash: hashToken(token) } });
  const now = deps.now?.() ?? Date.now();
  if (!row || row.pageId !== pageId || row.confirmedAt || (row.confirmExpiresAt?.getTime() ?? 0) < now)
    return null;
  return row;
}

/** Whether the link is still good (the GET page shows the Confirm button, or says it is not). */
export async function confirmationValid(
  deps: SubscriptionDeps,
  req: { pageId: string; token: string | null; clientIp?: string },
): Promise<boolean> {
  await deps.limiter.link(req.clientIp);
  return (await pending(deps, req.pageId, req.token)) !== null;
}

export async function confirmSubscription(
  deps: SubscriptionDeps,
  req: { pageId: string; token: string | null; clientIp?: string },
): Promise<boolean> {
  await deps.limiter.link(req.clientIp);
  const row = await pending(deps, req.pageId, req.token);
  if (!row) return false;
  const db = await deps.db();
  const { count } = await db.statusSubscriber.updateMany({
    where: { id: row.id, confirmTokenHash: row.confirmTokenHash, confirmedAt: null },
    data: {
      confirmedAt: new Date(deps.now?.() ?? Date.now()),
      confirmTokenHash: null,
      confirmExpiresAt: null,
    },
  });
  if (count === 1) log.info("status page: subscription confirmed", { page: req.pageId, kind: row.kind });
  return count === 1;
}
