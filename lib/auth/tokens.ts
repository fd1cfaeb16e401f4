import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { Unavailable } from "@/lib/errors";
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
  /** ms since the epoch; null for a token that does not expire. */
  expiresAt: number | null;
  /**
   * Answered from this process's memory while the database is unreachable: whether the token
   * was revoked since cannot be known, so it may read but not change anything.
   */
  lastKnown?: boolean;
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
  return { id: token.id, name: token.name, role, expiresAt: token.expiresAt?.getTime() ?? null };
}

/** How long a token verified by this process keeps working while the database is unreachable. */
export const LAST_KNOWN_TOKEN_MS = 12 * 60 * 60 * 1000;
const MAX_LAST_KNOWN = 1000;
const lastKnown = new Map<string, { identity: TokenIdentity; verifiedAt: number }>();

/**
 * verifyApiToken, and while the database is unreachable the answer this process last had for the
 * same token (for up to 12 h, and never past the token's expiry), marked `lastKnown`: automation
 * can keep reading through an outage, but a revocation made before it cannot be seen, so the verb
 * wrapper refuses changes made with such a token. A token this process has not seen gets a clear
 * 503, never a 500.
 */
export async function verifyApiTokenOrLastKnown(
  db: () => Promise<Db>,
  secret: string,
  now = Date.now(),
): Promise<TokenIdentity | null> {
  const key = hashToken(secret);
  let identity: TokenIdentity | null;
  try {
    identity = await verifyApiToken(await db(), secret);
  } catch {
    const known = lastKnown.get(key);
    if (
      known &&
      now - known.verifiedAt < LAST_KNOWN_TOKEN_MS &&
      (known.identity.expiresAt === null || known.identity.expiresAt > now)
    )
      return { ...known.identity, lastKnown: true };
    throw new Unavailable(
      "the database is unreachable, so this API token cannot be checked now; try again shortly (signed-in sessions keep working)",
    );
  }
  lastKnown.delete(key);
  if (identity) {
    lastKnown.set(key, { identity, verifiedAt: now });
    if (lastKnown.size > MAX_LAST_KNOWN) lastKnown.delete(lastKnown.keys().next().value!);
  }
  return identity;
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
