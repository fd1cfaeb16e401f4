import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OutboxInput } from "./schemas";

/**
 * Puts messages in the outbox, alone or inside the caller's transaction (so a message exists
 * exactly when what caused it was committed). The dedupe key makes a repeat a no-op
 * (`ON CONFLICT DO NOTHING`): two replicas, or a restart replaying a change, queue one message.
 */

type Writer = Pick<Prisma.TransactionClient, "outboxMessage">;

/** How many of `messages` were new. */
export async function enqueue(
  db: Writer,
  messages: readonly OutboxInput[],
  now = Date.now(),
): Promise<number> {
  if (messages.length === 0) return 0;
  const at = new Date(now);
  const { count } = await db.outboxMessage.createMany({
    data: messages.map((m) => ({
      id: randomUUID(),
      channel: m.channel,
      dedupeKey: m.dedupeKey,
      ref: m.ref ?? null,
      payload: m.payload as Prisma.InputJsonValue,
      nextAttemptAt: new Date(Math.max(now, m.notBefore ?? now)),
      createdAt: at,
      updatedAt: at,
    })),
    skipDuplicates: true,
  });
  return count;
}

/** Cancels what is still waiting for `ref` (an unsubscribed subscriber); sent rows stay as they are. */
export async function cancelPending(db: Writer, ref: string, now = Date.now()): Promise<number> {
  const { count } = await db.outboxMessage.updateMany({
    where: { ref, status: "pending" },
    data: { status: "cancelled", updatedAt: new Date(now) },
  });
  return count;
}
