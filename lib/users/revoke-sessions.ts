import "server-only";
import type { Actor } from "@/lib/audit/schemas";
import { findUser } from "./admin-guard";
import { audited, deny, parseInput, refTarget, requireManage, type UsersContext } from "./guard";
import { toUserView } from "./queries";
import { outranksError } from "./rules";
import { userRefInputSchema, type UserView } from "./schemas";

/**
 * "Sign out everywhere": sessions carry the version they were issued with, so bumping it ends
 * every open session of the user on its next request.
 */
export async function revokeSessions(ctx: UsersContext, actor: Actor, input: unknown): Promise<UserView> {
  await requireManage(ctx, actor, { action: "user.revoke-sessions", target: refTarget(input) });
  const { userId } = parseInput(userRefInputSchema, input);
  const user = await findUser(ctx.db, userId);
  const intent = { action: "user.revoke-sessions", target: `user:${user.email}`, params: { userId } };
  const outranked = outranksError(actor.role, user.role);
  if (outranked) await deny(ctx, actor, intent, outranked);
  return audited(ctx, actor, intent, async () =>
    toUserView(
      await ctx.db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } }),
    ),
  );
}
