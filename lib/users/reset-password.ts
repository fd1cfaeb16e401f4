import "server-only";
import type { Actor } from "@/lib/audit/schemas";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { findUser } from "./admin-guard";
import { audited, deny, parseInput, refTarget, requireManage, type UsersContext } from "./guard";
import { toUserView } from "./queries";
import { outranksError } from "./rules";
import { resetPasswordInputSchema, type UserView } from "./schemas";

export interface PasswordReset {
  user: UserView;
  /** Only when Opsdeck generated it: shown once, never stored in clear. */
  generatedPassword?: string;
}

/** Sets a new password (given or generated) and ends the user's open sessions. */
export async function resetPassword(ctx: UsersContext, actor: Actor, input: unknown): Promise<PasswordReset> {
  await requireManage(ctx, actor, { action: "user.reset-password", target: refTarget(input) });
  const data = parseInput(resetPasswordInputSchema, input);
  const user = await findUser(ctx.db, data.userId);
  const intent = {
    action: "user.reset-password",
    target: `user:${user.email}`,
    params: { userId: user.id, choice: data.password ? "given" : "generated" },
  };
  // Resetting the password of someone above you would be a way to become them.
  const ceiling = outranksError(actor.role, user.role);
  if (ceiling) await deny(ctx, actor, intent, ceiling);
  const generatedPassword = data.password ? undefined : generatePassword();
  const passwordHash = await hashPassword(data.password ?? generatedPassword!);
  return audited(ctx, actor, intent, async () => {
    const row = await ctx.db.user.update({
      where: { id: user.id },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    return { user: toUserView(row), generatedPassword };
  });
}
