import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The links' tokens. A confirmation token is random and only its hash is stored: it is in one
 * mail, once. An unsubscribe link is in every message, so its token cannot be a stored hash:
 * it is the subscriber's random id signed with a key derived from the console's secret, and
 * nothing in the database lets anyone make one.
 */

export function newConfirmToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function unsubscribeKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("opsdeck status-page unsubscribe v1").digest();
}

function mac(secret: string, subscriberId: string): string {
  return createHmac("sha256", unsubscribeKey(secret)).update(subscriberId).digest("base64url").slice(0, 32);
}

export function unsubscribeToken(secret: string, subscriberId: string): string {
  return `${subscriberId}.${mac(secret, subscriberId)}`;
}

/** The subscriber id a token was made for; null when it was not made with this secret. */
export function verifyUnsubscribeToken(secret: string, token: string): string | null {
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return null;
  const id = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(secret, id));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}
