import "server-only";
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { auditRefusalFolded } from "@/lib/audit/log";
import type { Actor } from "@/lib/audit/schemas";
import { Forbidden, isAppError, refusalReason, Unauthorized, type AppError } from "@/lib/errors";
import { getDb } from "@/lib/infra/db";
import { env } from "@/lib/infra/env";
import { clientAddress, fromTrustedProxy } from "@/lib/infra/client-address";
import { isSameOrigin } from "./origin";
import { PAGE_PATH_HEADER } from "./page-path";
import { can, type Permission } from "./permissions";
import { currentUser } from "./session";
import { verifyApiTokenOrLastKnown } from "./tokens";

/** What is being attempted, for the audit record of a denial. */
export interface Attempt {
  action: string;
  target?: string;
  params?: unknown;
}

export interface AccessOptions {
  /** Audit a denial under this action name (sensitive reads). */
  attempt?: Attempt;
}

/** Who is asking, once identified; `session` when by cookie (ambient, so Origin matters). */
export interface Caller {
  actor: Actor;
  session: boolean;
  /** A token accepted from memory during a database outage: it may read, not change anything. */
  lastKnownToken?: boolean;
}

/** Request id, address and agent of a request, before anything about its sender is known. */
export function requestMeta(h: Headers): Pick<Actor, "requestId" | "ip" | "userAgent"> {
  return {
    requestId: h.get("x-request-id")?.slice(0, 100) || randomUUID(),
    ip: clientAddress((name) => h.get(name), env().trustedProxies),
    userAgent: h.get("user-agent")?.slice(0, 300) ?? undefined,
  };
}

export function anonymousActor(meta: Pick<Actor, "requestId" | "ip" | "userAgent">): Actor {
  return { type: "user", name: "anonymous", ...meta };
}

/**
 * Session cookie or API token; Unauthorized when neither identifies anyone. Reads headers only,
 * never the body.
 */
export async function identify(h: Headers, meta = requestMeta(h)): Promise<Caller> {
  const bearer = h.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) {
    const token = await verifyApiTokenOrLastKnown(getDb, bearer);
    if (!token) throw new Unauthorized("invalid or revoked API token");
    return {
      session: false,
      lastKnownToken: token.lastKnown === true,
      actor: { type: "token", id: token.id, name: `token:${token.name}`, role: token.role, ...meta },
    };
  }
  const user = await currentUser();
  if (!user) throw new Unauthorized();
  return { session: true, actor: { type: "user", id: user.id, name: user.email, role: user.role, ...meta } };
}

/** A refusal, with its reason, in the audit log (identical ones folded); the answer does not wait. */
export function auditRefusal(actor: Actor, attempt: Attempt, error: AppError): void {
  void auditRefusalFolded({
    actor,
    ...attempt,
    outcome: "denied",
    message: `${refusalReason(error)}: ${error.message}`,
  });
}

/** Cookies ride along on cross-site requests; tokens do not, so only sessions need the Origin check. */
export function requireSameOrigin(caller: Caller, h: Headers): void {
  const forwarded = fromTrustedProxy((name) => h.get(name), env().trustedProxies);
  if (caller.session && !isSameOrigin(h, env().NEXTAUTH_URL, forwarded))
    throw new Forbidden("this request's Origin does not match the console; refused", "cross-site request");
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor.role as never, permission))
    throw new Forbidden(
      `this needs the ${permission} permission, which the ${actor.role ?? "anonymous"} role does not have`,
    );
}

/**
 * The first line of every protected read (route handlers and pages): who is asking and whether
 * the permission table lets them. Every denial is audited, with its reason. Mutations do
 * not call this: they go through `verb()` in lib/http/verb.ts.
 */
export async function authorize(
  permission: Permission,
  req: Request | null,
  opts: AccessOptions = {},
): Promise<Actor> {
  const h = req ? req.headers : await headers();
  const meta = requestMeta(h);
  let actor = anonymousActor(meta);
  try {
    actor = (await identify(h, meta)).actor;
    requirePermission(actor, permission);
    return actor;
  } catch (error) {
    // Every refusal is audited: a read without a named attempt under its path.
    const attempt = opts.attempt ?? {
      action: "read",
      target: req ? new URL(req.url).pathname : (h.get(PAGE_PATH_HEADER) ?? undefined),
    };
    if (isAppError(error)) auditRefusal(actor, attempt, error);
    throw error;
  }
}
