import "server-only";
import type { Actor } from "@/lib/audit/schemas";
import { findUser, updateUserGuarded } from "./admin-guard";
import { audited, deny, parseInput, refTarget, requireManage, type UsersContext } from "./guard";
import { toUserView } from "./queries";
import { outranksError, roleCeilingError } from "./rules";
import { changeRoleInputSchema, type UserView } from "./schemas";

/**
 * A new role for a user. Open sessions pick it up on their next request; the last
 * enabled admin cannot be demoted.
 */
export async function changeRole(ctx: UsersContext, actor: Actor, input: unknown): Promise<UserView> {
  await requireManage(ctx, actor, { action: "user.change-role", target: refTarget(input) });
  const { userId, role } = parseInput(changeRoleInputSchema, input);
  const user = await findUser(ctx.db, userId);
  const intent = {
    action: "user.change-role",
    target: `user:${user.email}`,
    params: { userId, from: user.role, role },
  };
  // Granting above one's own role is refused, and so is touching someone who outranks the actor.
  const ceiling = roleCeilingError(actor.role, role, "user") ?? outranksError(actor.role, user.role);
  if (ceiling) await deny(ctx, actor, intent, ceiling);
  return audited(ctx, actor, intent, async () =>
    toUserView(await updateUserGuarded(ctx.db, actor, userId, { role }, { role })),
  );
}
