import "server-only";
import type { Actor } from "@/lib/audit/schemas";
import { findUser, updateUserGuarded } from "./admin-guard";
import {
  audited,
  deny,
  parseInput,
  disabledAction,
  refTarget,
  requireManage,
  type UsersContext,
} from "./guard";
import { toUserView } from "./queries";
import { outranksError } from "./rules";
import { setDisabledInputSchema, type UserView } from "./schemas";

/**
 * Disables or re-enables an account. Disabling also bumps the session version, so the user's
 * open sessions end on their next request, and revokes every API token the user
 * made, in the same transaction: re-enabling the account does not bring old credentials back.
 * The last enabled admin stays enabled.
 */
export async function setDisabled(ctx: UsersContext, actor: Actor, input: unknown): Promise<UserView> {
  await requireManage(ctx, actor, { action: disabledAction(input), target: refTarget(input) });
  const { userId, disabled } = parseInput(setDisabledInputSchema, input);
  const user = await findUser(ctx.db, userId);
  const intent = {
    action: disabled ? "user.disable" : "user.enable",
    target: `user:${user.email}`,
    params: { userId },
  };
  const outranked = outranksError(actor.role, user.role);
  if (outranked) await deny(ctx, actor, intent, outranked);
  return audited(ctx, actor, intent, async () =>
    toUserView(
      await updateUserGuarded(
        ctx.db,
        actor,
        userId,
        { disabled },
        disabled ? { disabled: true, sessionVersion: { increment: 1 } } : { disabled: false },
        disabled
          ? (tx) =>
              tx.apiToken.updateMany({
                where: { createdById: userId, revokedAt: null },
                data: { revokedAt: new Date() },
              })
          : undefined,
      ),
    ),
  );
}
