import "server-only";
import { getDb } from "@/lib/infra/db";
import { verb, type VerbContext } from "@/lib/http/verb";
import { changeRole } from "./change-role";
import { createToken } from "./create-token";
import { createUser } from "./create-user";
import { disabledAction, refTarget, type UsersContext } from "./guard";
import { resetPassword } from "./reset-password";
import { revokeSessions } from "./revoke-sessions";
import { revokeToken } from "./revoke-token";
import {
  changeRoleInputSchema,
  createTokenInputSchema,
  createUserInputSchema,
  resetPasswordInputSchema,
  setDisabledInputSchema,
  tokenRefInputSchema,
  updateUserInputSchema,
  userRefInputSchema,
  type UserView,
} from "./schemas";
import { setDisabled } from "./set-disabled";

/**
 * The users and tokens verbs as the wrapper sees them: all need users.manage, decided before the
 * input is read. Each verb audits itself (its target is the account's email, read after the
 * permission check); the wrapper audits refusals and anything a verb leaves unsaid.
 */

async function users(ctx: VerbContext): Promise<UsersContext> {
  return { db: await getDb(), audit: ctx.audit, outcome: ctx.outcome };
}

/** For the audit of a refusal: which record was aimed at, and the role asked for; never a password. */
const attempt = (raw: unknown) => {
  const role = (raw as { role?: unknown } | null)?.role;
  return { target: refTarget(raw), params: typeof role === "string" ? { role: role.slice(0, 20) } : {} };
};

const common = { permission: "users.manage", audit: "verb", attempt } as const;

export const createUserVerb = verb({
  ...common,
  action: "user.create",
  input: createUserInputSchema,
  run: async (ctx, input) => createUser(await users(ctx), ctx.actor, input),
});

export const changeRoleVerb = verb({
  ...common,
  action: "user.change-role",
  input: changeRoleInputSchema,
  run: async (ctx, input) => changeRole(await users(ctx), ctx.actor, input),
});

export const setDisabledVerb = verb({
  ...common,
  action: "user.set-disabled",
  attempt: (raw) => ({ ...attempt(raw), params: { action: disabledAction(raw) } }),
  input: setDisabledInputSchema,
  run: async (ctx, input) => setDisabled(await users(ctx), ctx.actor, input),
});

/** PATCH: a role change and a disable in one request, each audited as its own event. */
export const updateUserVerb = verb({
  ...common,
  action: "user.update",
  input: updateUserInputSchema,
  run: async (ctx, { userId, role, disabled }) => {
    const u = await users(ctx);
    let user: UserView | undefined;
    if (role !== undefined) user = await changeRole(u, ctx.actor, { userId, role });
    if (disabled !== undefined) user = await setDisabled(u, ctx.actor, { userId, disabled });
    return { user };
  },
});

export const revokeSessionsVerb = verb({
  ...common,
  action: "user.revoke-sessions",
  input: userRefInputSchema,
  run: async (ctx, input) => revokeSessions(await users(ctx), ctx.actor, input),
});

export const resetPasswordVerb = verb({
  ...common,
  action: "user.reset-password",
  attempt: (raw) => ({ target: refTarget(raw) }),
  input: resetPasswordInputSchema,
  run: async (ctx, input) => resetPassword(await users(ctx), ctx.actor, input),
});

export const createTokenVerb = verb({
  ...common,
  action: "token.create",
  input: createTokenInputSchema,
  run: async (ctx, input) => createToken(await users(ctx), ctx.actor, input),
});

export const revokeTokenVerb = verb({
  ...common,
  action: "token.revoke",
  input: tokenRefInputSchema,
  run: async (ctx, input) => revokeToken(await users(ctx), ctx.actor, input),
});
