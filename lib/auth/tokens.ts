import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/infra/db";
import { isRole, ROLES, type Role } from "./roles";

/** API tokens look like `odk_<43 chars>`; only their sha256 is stored. */
export const TOKEN_PREFIX = "odk_";

export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export interface TokenIdentity {
  id: string;
  name: string;
  role: Role;
}

const lastUsedWrites = new Map<string, number>();

/** The token's identity, or null when it is unknown, revoked or expired. */
export async function verifyApiToken(db: Db, secret: string): Promise<TokenIdentity | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const token = await db.apiToken.findUnique({ where: { tokenHash: hashToken(secret) } });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt.getTime() <= Date.now())) return null;
  if (!isRole(token.role)) return null;
  // A token acts for the person who made it: never beyond their current role, never after they are disabled.
  const creator = await owningUser(db, token.createdById);
  if (!creator || creator.disabled) return null;
  const role = ROLES.indexOf(creator.role) < ROLES.indexOf(token.role) ? creator.role : token.role;
  // lastUsedAt is informational: write it at most once a minute per token.
  const now = Date.now();
  if ((lastUsedWrites.get(token.id) ?? 0) < now - 60_000) {
    lastUsedWrites.set(token.id, now);
    db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return { id: token.id, name: token.name, role };
}

/** The person behind a token: its creator, or, for a token made by a token, that token's person. */
async function owningUser(
  db: Db,
  createdById: string,
  depth = 0,
): Promise<{ role: Role; disabled: boolean } | null> {
  const user = await db.user.findUnique({
    where: { id: createdById },
    select: { role: true, disabled: true },
  });
  if (user) return user;
  if (depth >= 5) return null;
  const parent = await db.apiToken.findUnique({ where: { id: createdById } });
  if (!parent || parent.revokedAt) return null;
  return owningUser(db, parent.createdById, depth + 1);
}
