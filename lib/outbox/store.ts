import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/infra/db";
import { retryDelayMs } from "./retry";
import type { SendResult } from "./sender";

/**
 * The outbox's two writes. A claim leases due rows to one process (`FOR UPDATE SKIP LOCKED`:
 * concurrent claims never wait for nor take each other's rows; the lease keeps them away from
 * other processes while they are sent). A record closes an attempt, fenced by the lease token.
 */

export interface Claimed {
  id: string;
  channel: string;
  payload: unknown;
  /** This attempt's number (counted at the claim, so a crash mid-send still counts). */
  attempt: number;
  leaseToken: string;
}

const CLAIM_SQL = `UPDATE "OutboxMessage" AS m
SET "leaseUntil" = $2, "leaseToken" = $3, "attempts" = m."attempts" + 1, "updatedAt" = $1
FROM (
  SELECT "id" FROM "OutboxMessage"
  WHERE "status" = 'pending' AND "channel" = ANY($4::text[]) AND "nextAttemptAt" <= $1
    AND ("leaseUntil" IS NULL OR "leaseUntil" <= $1)
  ORDER BY "nextAttemptAt", "createdAt"
  LIMIT $5
  FOR UPDATE SKIP LOCKED
) AS due
WHERE m."id" = due."id"
RETURNING m."id", m."channel", m."payload", m."attempts"`;

export async function claimDue(
  db: Db,
  opts: { channels: readonly string[]; limit: number; leaseMs: number; now: number },
): Promise<Claimed[]> {
  if (opts.channels.length === 0) return [];
  const leaseToken = randomUUID();
  const rows = await db.$queryRawUnsafe<
    { id: string; channel: string; payload: unknown; attempts: number }[]
  >(
    CLAIM_SQL,
    new Date(opts.now),
    new Date(opts.now + opts.leaseMs),
    leaseToken,
    [...opts.channels],
    opts.limit,
  );
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    payload: r.payload,
    attempt: Number(r.attempts),
    leaseToken,
  }));
}

/** Records the attempt and settles the row: sent, failed for good, or due again after the backoff. */
export async function recordAttempt(
  db: Db,
  claimed: Claimed,
  result: SendResult,
  at: { startedAt: number; durationMs: number; now: number; worker: string },
): Promise<void> {
  const now = new Date(at.now);
  const lease = { leaseUntil: null, leaseToken: null, updatedAt: now };
  const mine = { id: claimed.id, leaseToken: claimed.leaseToken };
  // A cancelled row stays cancelled; one sent anyway says so.
  const settle = result.ok
    ? db.outboxMessage.updateMany({
        where: mine,
        data: { ...lease, status: "sent", sentAt: now, lastResponse: result.response, lastError: null },
      })
    : db.outboxMessage.updateMany({
        where: { ...mine, status: "pending" },
        data: {
          ...lease,
          lastError: result.error,
          lastResponse: result.response ?? null,
          ...(result.permanent
            ? { status: "failed" }
            : { nextAttemptAt: new Date(at.now + retryDelayMs(claimed.attempt)) }),
        },
      });
  await db.$transaction([
    settle,
    db.outboxAttempt.create({
      data: {
        messageId: claimed.id,
        attempt: claimed.attempt,
        startedAt: new Date(at.startedAt),
        durationMs: Math.max(0, Math.round(at.durationMs)),
        ok: result.ok,
        error: result.ok ? null : result.error,
        response: result.ok ? result.response : (result.response ?? null),
        worker: at.worker,
      },
    }),
  ]);
}
