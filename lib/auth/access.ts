import "server-only";
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { auditBestEffort } from "@/lib/audit/log";
import type { Actor } from "@/lib/audit/schemas";
import { Forbidden, Unauthorized } from "@/lib/errors";
import { getDb } from "@/lib/infra/db";
import { clientAddress } from "./client-address";
import { can, type Permission } from "./permissions";
import { currentUser } from "./session";
import { verifyApiToken } from "./tokens";

/** What is being attempted, for the audit record of a denial. */
export interface Attempt {
  action: string;
  target?: string;
  params?: unknown;
}

export interface AccessOptions {
  /** A mutation: cookie sessions must come with a matching Origin header. */
  mutation?: boolean;
  /** Audit a denial under this action name (mutations and sensitive reads). */
  attempt?: Attempt;
}

/**
 * The first line of every protected route handler and server action: who is asking (session
 * cookie or API token), from where, and whether the permission table lets them. Denials of
 * audited attempts are themselves audited. Pass the Request in route handlers; server actions
 * read the incoming headers themselves.
 */
export async function authorize(
  permission: Permission,
  req: Request | null,
  opts: AccessOptions = {},
): Promise<Actor> {
  const h = req ? req.headers : await headers();
  const requestId = h.get("x-request-id")?.slice(0, 100) || randomUUID();
  const ip = clientAddress((name) => h.get(name));
  const userAgent = h.get("user-agent") ?? undefined;
  const bearer = h.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  let actor: Actor | null = null;
  if (bearer) {
    const token = await verifyApiToken(await getDb(), bearer);
    if (!token)
      throw deny(opts, anonymous(requestId, ip, userAgent), new Unauthorized("invalid or revoked API token"));
    actor = {
      type: "token",
      id: token.id,
      name: `token:${token.name}`,
      role: token.role,
      ip,
      userAgent,
      requestId,
    };
  } else {
    const user = await currentUser();
    if (!user) throw deny(opts, anonymous(requestId, ip, userAgent), new Unauthorized());
    actor = { type: "user", id: user.id, name: user.email, role: user.role, ip, userAgent, requestId };
    // Cookies ride along on cross-site requests; tokens do not, so only sessions need the Origin check.
    if (opts.mutation && !sameOrigin(h))
      throw deny(opts, actor, new Forbidden("this request's Origin does not match the console; refused"));
  }
  if (!can(actor.role as never, permission))
    throw deny(
      opts,
      actor,
      new Forbidden(`this needs the ${permission} permission, which the ${actor.role} role does not have`),
    );
  return actor;
}

function deny(opts: AccessOptions, actor: Actor, error: Error): Error {
  if (opts.attempt) {
    auditBestEffort({ actor, ...opts.attempt, outcome: "denied", message: error.message });
  }
  return error;
}

function anonymous(requestId: string, ip?: string, userAgent?: string): Actor {
  return { type: "user", name: "anonymous", ip, userAgent, requestId };
}

/** Origin must be present, not "null", and name the host the request was sent to. */
export function sameOrigin(h: Headers): boolean {
  const origin = h.get("origin");
  if (!origin || origin === "null") return false;
  const host = h.get("x-forwarded-host")?.split(",")[0]?.trim() || h.get("host");
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
