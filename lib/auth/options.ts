import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/lib/infra/db";
import { authSecret } from "@/lib/infra/secret";
import { log } from "@/lib/infra/logger";
import { isRole, type Role } from "./roles";
import { verifyPassword } from "./password";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(512),
});

export const SESSION_MAX_AGE_S = 12 * 60 * 60;
// Re-read role, disabled flag and session version at most this often, so revocation takes effect fast.
const RECHECK_MS = 30_000;

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
        async authorize(raw) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const db = await getDb();
          const user = await db.user.findUnique({ where: { email: parsed.data.email } });
          // Same work for unknown users, so response time does not reveal which emails exist.
          const ok = await verifyPassword(
            parsed.data.password,
            user?.passwordHash ?? "scrypt$16384$8$1$AAAA$AAAA",
          );
          if (!user || !ok || user.disabled) {
            log.warn("sign-in refused", { email: parsed.data.email });
            return null;
          }
          await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
          return {
            id: user.id,
            email: user.email,
            name: user.name,
            role: user.role,
            sessionVersion: user.sessionVersion,
          };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const u = user as typeof user & { role: Role; sessionVersion: number };
          return { ...token, uid: u.id, role: u.role, sv: u.sessionVersion, checkedAt: Date.now() };
        }
        if (typeof token.checkedAt === "number" && Date.now() - token.checkedAt < RECHECK_MS) return token;
        try {
          const db = await getDb();
          const current = await db.user.findUnique({ where: { id: String(token.uid) } });
          if (!current || current.disabled || current.sessionVersion !== token.sv)
            return { ...token, revoked: true };
          return { ...token, role: current.role, checkedAt: Date.now() };
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
