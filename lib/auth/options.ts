import "server-only";
import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import type { Actor, AuditInput } from "@/lib/audit/schemas";
import { auditBestEffort } from "@/lib/audit/log";
import { getDb, type Db } from "@/lib/infra/db";
import { authSecret } from "@/lib/infra/secret";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { isRole, type Role } from "./roles";
import { verifyPassword } from "./password";
import { loginRateLimiter, sourceAddress, type LoginRateLimiter } from "./rate-limit";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(512),
});

export const SESSION_MAX_AGE_S = 12 * 60 * 60;

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(raw, req) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          return checkSignIn(parsed.data.email, parsed.data.password, req?.headers);
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const u = user as typeof user & { role: Role; sessionVersion: number };
          return { ...token, uid: u.id, role: u.role, sv: u.sessionVersion };
        }
        // Role, disabled flag and session version are read again on every request, so a demotion,
        // a disable or "sign out everywhere" takes effect on the user's next request.
        try {
          const db = await getDb();
          const current = await db.user.findUnique({ where: { id: String(token.uid) } });
          if (!current || current.disabled || current.sessionVersion !== token.sv)
            return { ...token, revoked: true };
          return { ...token, role: current.role };
        } catch {
          // Database down: keep the signed session so the console stays usable when it matters most.
          return token;
        }
      },
      async session({ session, token }) {
        const role = isRole(token.role) ? token.role : "viewer";
        return {
          ...session,
          user: { ...session.user, id: String(token.uid), role },
          revoked: token.revoked === true,
        };
      },
    },
  };
}

/** Thrown from authorize: next-auth hands its message to the login page as `error`. */
export class SignInRefused extends Error {}

export interface SignInDeps {
  db: () => Promise<Db>;
  limiter: () => LoginRateLimiter;
  /** Best effort: a sign-in neither waits on nor fails with the audit write. */
  audit: (input: AuditInput) => void;
}

const LIVE: SignInDeps = { db: getDb, limiter: loginRateLimiter, audit: auditBestEffort };

/**
 * The password check behind the sign-in form, rate-limited per account and per address. Every
 * outcome is audited (actor name: the email tried). Only SignInRefused messages reach the page.
 */
export async function checkSignIn(
  email: string,
  password: string,
  headers: Record<string, unknown> | undefined,
  deps: SignInDeps = LIVE,
) {
  const ip = sourceAddress(headers);
  const userAgent = typeof headers?.["user-agent"] === "string" ? headers["user-agent"] : undefined;
  const actor: Actor = { type: "user", name: email, ip, userAgent, requestId: randomUUID() };
  const refused = (message: string) => {
    log.warn("sign-in refused", { email, ip, reason: message });
    deps.audit({ actor, action: "auth.sign-in", outcome: "denied", message });
  };
  try {
    const limiter = deps.limiter();
    const gate = await limiter.attempt(email, ip);
    if (!gate.ok) {
      refused(gate.message);
      throw new SignInRefused(gate.message);
    }
    const db = await deps.db();
    const user = await db.user.findUnique({ where: { email } });
    // Same work for unknown users, so response time does not reveal which emails exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? "scrypt$16384$8$1$AAAA$AAAA");
    if (!user || !ok || user.disabled) {
      refused(!user ? "unknown email" : !ok ? "wrong password" : "account disabled");
      return null;
    }
    await limiter.succeeded(email, ip);
    await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    deps.audit({
      actor: { ...actor, id: user.id, role: user.role },
      action: "auth.sign-in",
      outcome: "succeeded",
    });
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      sessionVersion: user.sessionVersion,
    };
  } catch (error) {
    if (error instanceof SignInRefused) throw error;
    // Anything else (database down) would otherwise reach the page as its raw message.
    log.error("sign-in failed", { email, error: shortErrorMessage(error) });
    throw new SignInRefused(
      "sign-in is unavailable right now (the user database did not answer); try again shortly",
    );
  }
}
