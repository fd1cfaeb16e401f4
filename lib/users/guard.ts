import "server-only";
import type { z } from "zod";
import type { Actor, AuditInput } from "@/lib/audit/schemas";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { Forbidden, isAppError, issuesMessage, refusalReason, Validation, type AppError } from "@/lib/errors";
import type { Db } from "@/lib/infra/db";
import { log, shortErrorMessage } from "@/lib/infra/logger";

/** Writes one audit event durably; rejects when it cannot (the verb must then do nothing). */
export type AuditFn = (input: AuditInput) => Promise<unknown>;

/** What every verb works with: passed in, so tests point them at a scratch database and writer. */
export interface UsersContext {
  db: Db;
  audit: AuditFn;
  /** For outcomes of work done: never dropped (the verb wrapper's); else `audit`. */
  outcome?: AuditFn;
}

export interface Intent {
  action: string;
  target?: string;
  /** Never passwords or token secrets. */
  params?: Record<string, unknown>;
}

/** The input parsed by `schema`, or a Validation error naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new Validation(issuesMessage(parsed.error.issues));
}

/**
 * The record a request names, from its raw input, for the audit of a refusal made before the
 * input is validated ("user:<id>", "token:<id>", "user:<email>"); never a password or a secret.
 */
export function refTarget(input: unknown): string | undefined {
  const raw = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  for (const [key, kind] of [
    ["userId", "user"],
    ["tokenId", "token"],
    ["email", "user"],
    ["name", "token"],
  ] as const) {
    if (typeof raw[key] === "string") return `${kind}:${(raw[key] as string).slice(0, 200)}`;
  }
  return undefined;
}

/** user.disable or user.enable, from a raw input's `disabled` flag. */
export function disabledAction(input: unknown): string {
  return (input as { disabled?: unknown } | null)?.disabled === true ? "user.disable" : "user.enable";
}

/**
 * The first line of every users verb: refuses, and records the refusal, when the actor may not
 * manage users, before the input is parsed or any row is read.
 */
export async function requireManage(ctx: UsersContext, actor: Actor, intent: Intent): Promise<void> {
  if (can(actor.role as Role | undefined, "users.manage")) return;
  await deny(
    ctx,
    actor,
    intent,
    new Forbidden(
      `this needs the users.manage permission, which the ${actor.role ?? "anonymous"} role does not have`,
    ),
  );
}

export async function deny(ctx: UsersContext, actor: Actor, intent: Intent, error: AppError): Promise<never> {
  await ctx
    .audit({ actor, ...intent, outcome: "denied", message: `${refusalReason(error)}: ${error.message}` })
    .catch((e) =>
      log.warn("a refusal could not be audited", { action: intent.action, error: shortErrorMessage(e) }),
    );
  throw error;
}

/**
 * Runs a write between a durable `started` record and its outcome. If the intent cannot be
 * written the work does not run and the audit error reaches the caller (fail-closed).
 */
export async function audited<T>(
  ctx: UsersContext,
  actor: Actor,
  intent: Intent,
  work: () => Promise<T>,
): Promise<T> {
  await ctx.audit({ actor, ...intent, outcome: "started" });
  const started = performance.now();
  const outcome = (o: "succeeded" | "failed", message?: string) =>
    (ctx.outcome ?? ctx.audit)({
      actor,
      ...intent,
      outcome: o,
      message,
      durationMs: Math.round(performance.now() - started),
    }).catch((e) =>
      log.error("audit outcome could not be written", {
        action: intent.action,
        error: shortErrorMessage(e),
      }),
    );
  try {
    const result = await work();
    await outcome("succeeded");
    return result;
  } catch (error) {
    await outcome("failed", isAppError(error) ? error.message : shortErrorMessage(error));
    throw error;
  }
}

/** Prisma's unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "P2002";
}
