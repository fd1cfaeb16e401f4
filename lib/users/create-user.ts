import "server-only";
import type { Actor } from "@/lib/audit/schemas";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { Conflict } from "@/lib/errors";
import {
  audited,
  deny,
  isUniqueViolation,
  parseInput,
  refTarget,
  requireManage,
  type UsersContext,
} from "./guard";
import { toUserView } from "./queries";
import { roleCeilingError } from "./rules";
import { createUserInputSchema, type UserView } from "./schemas";

export interface CreatedUser {
  user: UserView;
  /** Only when Opsdeck generated it: shown once to the admin, never stored in clear. */
  generatedPassword?: string;
}

/** A new account with a given password (at least 12 characters) or a generated one. */
export async function createUser(ctx: UsersContext, actor: Actor, input: unknown): Promise<CreatedUser> {
  await requireManage(ctx, actor, { action: "user.create", target: refTarget(input) });
  const data = parseInput(createUserInputSchema, input);
  const intent = {
    action: "user.create",
    target: `user:${data.email}`,
    params: {
      email: data.email,
      name: data.name ?? null,
      role: data.role,
      choice: data.password ? "given" : "generated",
    },
  };
  const ceiling = roleCeilingError(actor.role, data.role, "user");
  if (ceiling) await deny(ctx, actor, intent, ceiling);

  const generatedPassword = data.password ? undefined : generatePassword();
  const passwordHash = await hashPassword(data.password ?? generatedPassword!);
  return audited(ctx, actor, intent, async () => {
    try {
      const row = await ctx.db.user.create({
        data: { email: data.email, name: data.name ?? null, role: data.role, passwordHash },
      });
      return { user: toUserView(row), generatedPassword };
    } catch (error) {
      if (isUniqueViolation(error))
        throw new Conflict(`email: a user with the email ${data.email} already exists`);
      throw error;
    }
  });
}
