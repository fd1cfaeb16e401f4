import "server-only";
import { randomUUID } from "node:crypto";
import { headers as incomingHeaders } from "next/headers";
import type { z } from "zod";
import { audit as writeAudit, auditRefusalFolded, auditWriter } from "@/lib/audit/log";
import type { Actor, AuditInput, AuditOutcome } from "@/lib/audit/schemas";
import {
  anonymousActor,
  identify,
  type Caller,
  requestMeta,
  requirePermission,
  requireSameOrigin,
} from "@/lib/auth/access";
import type { Permission } from "@/lib/auth/permissions";
import {
  isAppError,
  issuesMessage,
  refusalReason,
  Unavailable,
  Validation,
  type AppError,
} from "@/lib/errors";
import { env } from "@/lib/infra/env";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { checkDeclaredSize, readJsonBody } from "./body";
import type { VerbError, VerbResult } from "./result";

/**
 * The one shape of a mutation. Every server action and every POST/PUT/PATCH/DELETE route
 * handler is a `verb()` exposed through `verbAction()` or `verbRoute()` (the lint rule
 * `opsdeck/mutations-through-verb` refuses anything else). In order, before the verb runs:
 * identify the caller (cookie or token), refuse bodies over the limit, check Origin for cookie
 * sessions, decide the permission (never from the validated body), validate the input with
 * zod. Every refusal is audited as `denied` with its reason; the verb's own outcome is audited
 * by the wrapper (`audit: "wrapper"`: a durable `started` first, fail-closed) or by the verb
 * (`audit: "verb"`), and the wrapper fills in what a verb left unsaid.
 */

/** What a verb works with. `audit` writes durably and remembers what this call has recorded. */
export interface VerbContext {
  actor: Actor;
  audit: (input: AuditInput) => Promise<unknown>;
  /**
   * The outcome of work that has happened: never dropped (kept and retried until durable, see
   * AuditWriter.appendOutcome); the answer waits for it at most a few seconds.
   */
  outcome: (input: AuditInput) => Promise<void>;
}

/** How long an answer waits for an outcome record before it goes out (the record is kept). */
const OUTCOME_WAIT_MS = 5000;

/** Audit fields of an attempt, taken from the raw input before it is validated: never secrets. */
export type AttemptOf = (raw: unknown) => { target?: string; params?: Record<string, unknown> };

/**
 * The permission when it depends on what is aimed at (which action): from a small selector only.
 * `auditAs` names the attempt more precisely than the verb can ("container.restart").
 */
export interface PermissionBySelector<Sel> {
  select: z.ZodType<Sel>;
  resolve: (selection: Sel) => Promise<{ permission: Permission; auditAs?: string }>;
}

export interface VerbSpec<S extends z.ZodType, T, Sel = unknown> {
  /** The audit action of the attempt ("user.create"); the verb may audit under finer names. */
  action: string;
  permission: Permission | PermissionBySelector<Sel>;
  input: S;
  attempt?: AttemptOf;
  /** "wrapper": started before, succeeded or failed after. "verb": the verb writes its own. */
  audit: "wrapper" | "verb";
  run(ctx: VerbContext, input: z.output<S>): Promise<T>;
}

export interface Verb<S extends z.ZodType, T, Sel = unknown> extends VerbSpec<S, T, Sel> {
  readonly isVerb: true;
}

export function verb<S extends z.ZodType, T, Sel = unknown>(spec: VerbSpec<S, T, Sel>): Verb<S, T, Sel> {
  return { ...spec, isVerb: true };
}

/** One call of a verb, whichever door it came through. */
export interface VerbCall {
  headers: Headers;
  /** The input: the route's body merged with its path, or the server action's argument. */
  input(): Promise<unknown>;
  /** Tests point these at a scratch store and a fixed caller; the app uses the process's own. */
  auditWriter?: (input: AuditInput) => Promise<unknown>;
  identify?: (h: Headers, meta: ReturnType<typeof requestMeta>) => Promise<Caller>;
}

export async function executeVerb<S extends z.ZodType, T, Sel>(
  v: Verb<S, T, Sel>,
  call: VerbCall,
): Promise<T> {
  const meta = requestMeta(call.headers);
  const written: AuditOutcome[] = [];
  const sink = call.auditWriter ?? writeAudit;
  const recording = async (input: AuditInput) => {
    const result = await sink(input);
    written.push(input.outcome);
    return result;
  };
  // Refusals fold with identical ones in the app (lib/audit/refusal-fold.ts); tests see each.
  const deny = async (input: AuditInput) => {
    written.push(input.outcome);
    await (call.auditWriter ? call.auditWriter(input) : auditRefusalFolded(input));
  };
  let actor = anonymousActor(meta);
  let action = v.action;
  let raw: unknown;
  let attempt: ReturnType<AttemptOf> = {};
  try {
    const caller = await (call.identify ?? identify)(call.headers, meta);
    actor = caller.actor;
    if (caller.lastKnownToken)
      throw new Unavailable(
        "the database is unreachable, so whether this API token was revoked cannot be checked: it may read, but changes wait until the database is back",
      );
    checkDeclaredSize(call.headers, env().OPSDECK_MAX_BODY_BYTES);
    requireSameOrigin(caller, call.headers);
    if (typeof v.permission === "string") requirePermission(actor, v.permission);
    raw = await call.input();
    attempt = safeAttempt(v.attempt, raw);
    if (typeof v.permission !== "string") {
      const selection = v.permission.select.safeParse(raw);
      if (!selection.success) throw new Validation(issuesMessage(selection.error.issues, "request"));
      const resolved = await v.permission.resolve(selection.data);
      action = resolved.auditAs ?? action;
      requirePermission(actor, resolved.permission);
    }
  } catch (error) {
    await refuse(deny, actor, action, attempt, error);
    throw error;
  }
  const parsed = v.input.safeParse(raw);
  if (!parsed.success) {
    const error = new Validation(issuesMessage(parsed.error.issues, "input"));
    await refuse(deny, actor, action, attempt, error);
    throw error;
  }
  // Tests hand in one sink for everything; the app keeps outcomes with the writer until durable.
  const outcomeSink = call.auditWriter ?? ((input: AuditInput) => auditWriter().appendOutcome(input));
  const outcome = async (input: AuditInput) => {
    written.push(input.outcome);
    const durable = Promise.resolve(outcomeSink(input)).catch((e) =>
      log.error("audit outcome could not be written", { action: input.action, error: shortErrorMessage(e) }),
    );
    await Promise.race([durable, new Promise((r) => setTimeout(r, OUTCOME_WAIT_MS).unref())]);
  };
  const ctx: VerbContext = { actor, audit: recording, outcome };
  if (v.audit === "wrapper") return aroundAudited(v, ctx, action, attempt, parsed.data);
  try {
    const result = await v.run(ctx, parsed.data);
    if (!written.some((o) => o === "started" || o === "succeeded")) {
      log.error("a verb succeeded without an audit record; writing one", { action: v.action });
      await outcome({ actor, action, ...attempt, outcome: "succeeded" });
    }
    return result;
  } catch (error) {
    if (!written.some((o) => o === "denied" || o === "failed")) {
      if (isAppError(error) && !written.includes("started"))
        await refuse(deny, actor, v.action, attempt, error);
      else await outcome(withMessage({ actor, action: v.action, ...attempt, outcome: "failed" }, error));
    }
    throw error;
  }
}

async function aroundAudited<S extends z.ZodType, T, Sel>(
  v: Verb<S, T, Sel>,
  ctx: VerbContext,
  /** The verb's action, or the finer name its permission selector gave the attempt. */
  action: string,
  attempt: ReturnType<AttemptOf>,
  input: z.output<S>,
): Promise<T> {
  const intent = { actor: ctx.actor, action, ...attempt };
  // Fail-closed: nothing runs until the intent is durable.
  await ctx.audit({ ...intent, outcome: "started" });
  const started = performance.now();
  try {
    const result = await v.run(ctx, input);
    await ctx.outcome({
      ...intent,
      outcome: "succeeded",
      durationMs: Math.round(performance.now() - started),
    });
    return result;
  } catch (error) {
    // A refusal the domain makes once it sees the record (approving your own request) is a
    // refusal, not a failure: the person was not allowed, nothing went wrong. By its code, not
    // `instanceof`: the error may come from another server bundle's copy of the class.
    const refused = isAppError(error) && error.status === 403;
    await ctx.outcome(
      withMessage(
        {
          ...intent,
          outcome: refused ? "denied" : "failed",
          durationMs: Math.round(performance.now() - started),
        },
        error,
      ),
    );
    throw error;
  }
}

async function refuse(
  audit: (input: AuditInput) => Promise<unknown>,
  actor: Actor,
  action: string,
  attempt: ReturnType<AttemptOf>,
  error: unknown,
): Promise<void> {
  const message = isAppError(error)
    ? `${refusalReason(error)}: ${error.message}`
    : `error: ${shortErrorMessage(error)}`;
  // A refusal means nothing ran; the answer does not wait on an audit store that is down.
  await audit({ actor, action, ...attempt, outcome: "denied", message }).catch((e) =>
    log.warn("a refusal could not be audited", { action, error: shortErrorMessage(e) }),
  );
}

/** An outcome record with the error's message: its own words for AppErrors, a short form otherwise. */
function withMessage(input: AuditInput, error: unknown): AuditInput {
  return { ...input, message: isAppError(error) ? error.message : shortErrorMessage(error) };
}

function safeAttempt(attemptOf: AttemptOf | undefined, raw: unknown): ReturnType<AttemptOf> {
  try {
    return attemptOf?.(raw) ?? {};
  } catch {
    return {};
  }
}

/**
 * A verb as a server action: the same checks; refusals come back as values, never thrown.
 * `present` picks what the browser receives of the result.
 */
export function verbAction<S extends z.ZodType, T, Sel, R = T>(
  v: Verb<S, T, Sel>,
  present?: (result: T) => R,
) {
  return async (input: unknown): Promise<VerbResult<R>> => {
    try {
      const h = await incomingHeaders();
      const result = await executeVerb(v, { headers: new Headers(h), input: async () => input });
      return { ok: true, data: present ? present(result) : (result as unknown as R) };
    } catch (error) {
      return { ok: false, error: toVerbError(error, v.action) };
    }
  };
}

export interface RouteOptions<T> {
  /** Shapes the input from the JSON body and the path's parameters (default: both merged). */
  input?: (body: unknown, params: Record<string, string>) => unknown;
  /** The answer on success (default: the result as JSON, 200, not cached). */
  respond?: (result: T, req: Request) => Response | Promise<Response>;
}

type RouteContext = { params: Promise<Record<string, string>> };

/** A verb as a mutating route handler: AppErrors become their status, anything else a 500 with an id. */
export function verbRoute<S extends z.ZodType, T, Sel>(v: Verb<S, T, Sel>, opts: RouteOptions<T> = {}) {
  return async (req: Request, context?: RouteContext): Promise<Response> => {
    try {
      const params = (await context?.params) ?? {};
      const result = await executeVerb(v, {
        headers: req.headers,
        input: async () => {
          const body = await readJsonBody(req, env().OPSDECK_MAX_BODY_BYTES);
          if (opts.input) return opts.input(body, params);
          if (body !== undefined && (typeof body !== "object" || body === null || Array.isArray(body)))
            throw new Validation("body: expected a JSON object");
          return { ...(body as object | undefined), ...params };
        },
      });
      return opts.respond
        ? await opts.respond(result, req)
        : Response.json(result, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      const body = toVerbError(error, v.action);
      const status = isAppError(error) ? error.status : 500;
      return Response.json({ error: body }, { status, headers: { "Cache-Control": "no-store" } });
    }
  };
}

/** AppErrors keep their code and message (and a run to link to); anything else is logged with an id. */
export function toVerbError(error: unknown, action: string): VerbError {
  if (isAppError(error)) {
    const runId = (error as AppError & { runId?: unknown }).runId;
    return { code: error.code, message: error.message, ...(typeof runId === "string" ? { runId } : {}) };
  }
  const requestId = randomUUID();
  log.error("mutation failed", {
    requestId,
    action,
    error: error instanceof Error ? error.stack : String(error),
  });
  return { code: "internal", message: `something went wrong (request id ${requestId})`, requestId };
}
