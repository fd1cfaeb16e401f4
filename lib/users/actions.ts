"use server";

import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { authorize, type Attempt } from "@/lib/auth/access";
import { isAppError } from "@/lib/errors";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { changeRole } from "./change-role";
import { usersContext } from "./context";
import { createToken, type CreatedToken } from "./create-token";
import { createUser, type CreatedUser } from "./create-user";
import type { UsersContext } from "./guard";
import { resetPassword, type PasswordReset } from "./reset-password";
import { revokeSessions } from "./revoke-sessions";
import { revokeToken } from "./revoke-token";
import type { ActionResult, TokenView, UserView } from "./schemas";
import { setDisabled } from "./set-disabled";

/**
 * Server actions of the users page: thin adapters. Each is a public POST endpoint, so each
 * checks session, Origin and permission itself before the verb runs.
 */

export async function createUserAction(input: unknown): Promise<ActionResult<CreatedUser>> {
  return adapt("user.create", input, createUser);
}

export async function changeRoleAction(input: unknown): Promise<ActionResult<UserView>> {
  return adapt("user.change-role", input, changeRole);
}

export async function setDisabledAction(input: unknown): Promise<ActionResult<UserView>> {
  const disabled = (input as { disabled?: unknown } | null)?.disabled === true;
  return adapt(disabled ? "user.disable" : "user.enable", input, setDisabled);
}

export async function revokeSessionsAction(input: unknown): Promise<ActionResult<UserView>> {
  return adapt("user.revoke-sessions", input, revokeSessions);
}

export async function resetPasswordAction(input: unknown): Promise<ActionResult<PasswordReset>> {
  return adapt("user.reset-password", input, resetPassword);
}

export async function createTokenAction(input: unknown): Promise<ActionResult<CreatedToken>> {
  return adapt("token.create", input, createToken);
}

export async function revokeTokenAction(input: unknown): Promise<ActionResult<TokenView>> {
  return adapt("token.revoke", input, revokeToken);
}

type Verb<T> = (
  ctx: UsersContext,
  actor: Awaited<ReturnType<typeof authorize>>,
  input: unknown,
) => Promise<T>;

async function adapt<T>(action: string, input: unknown, verb: Verb<T>): Promise<ActionResult<T>> {
  try {
    const actor = await authorize("users.manage", null, {
      mutation: true,
      attempt: attemptOf(action, input),
    });
    const data = await verb(await usersContext(), actor, input);
    revalidatePath("/settings/users");
    return { ok: true, data };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: error.message };
    const requestId = randomUUID();
    log.error("users action failed", { requestId, action, error: shortErrorMessage(error) });
    return { ok: false, error: `something went wrong (request id ${requestId})` };
  }
}

/** For the audit record of a denial: which record was aimed at, never a password or a secret. */
function attemptOf(action: string, input: unknown): Attempt {
  const raw = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  const pick = (key: string) =>
    typeof raw[key] === "string" ? (raw[key] as string).slice(0, 200) : undefined;
  const target = pick("userId") ?? pick("tokenId") ?? pick("email") ?? pick("name");
  return { action, target, params: { role: pick("role") } };
}
