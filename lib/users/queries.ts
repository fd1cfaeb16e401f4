import "server-only";
import type { ApiToken, User } from "@/lib/generated/prisma/client";
import { getDb, type Db } from "@/lib/infra/db";
import { tokenStatus } from "./rules";
import type { TokenView, UserView } from "./schemas";

/** Reads for the users page and the REST API. Callers authorize first. */

export async function listUsers(db?: Db): Promise<UserView[]> {
  const rows = await (db ?? (await getDb())).user.findMany({ orderBy: { email: "asc" } });
  return rows.map(toUserView);
}

/** Every token, newest first, with the creator's email where that user still exists. */
export async function listTokens(db?: Db): Promise<TokenView[]> {
  const client = db ?? (await getDb());
  const rows = await client.apiToken.findMany({ orderBy: { createdAt: "desc" } });
  const creators = await client.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.createdById))] } },
    select: { id: true, email: true },
  });
  const emails = new Map(creators.map((c) => [c.id, c.email]));
  return rows.map((r) => toTokenView(r, emails.get(r.createdById)));
}

export function toUserView(u: User): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  };
}

export function toTokenView(t: ApiToken, creatorEmail?: string): TokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    role: t.role,
    createdAt: t.createdAt.toISOString(),
    createdBy: creatorEmail ?? t.createdById,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    status: tokenStatus(t),
  };
}
