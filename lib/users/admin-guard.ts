import "server-only";
import type { Actor } from "@/lib/audit/schemas";
import type { Role } from "@/lib/auth/roles";
import { NotFound } from "@/lib/errors";
import type { Prisma, User } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/infra/db";
import { lastAdminError } from "./rules";

/** Advisory lock held while a role or disabled flag changes, so the admin count cannot race. */
const USERS_LOCK = 72707371;

export async function findUser(db: Db, userId: string): Promise<User> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new NotFound(`no user with id "${userId}"`);
  return user;
}

/**
 * Applies `data` to the user unless `change` would leave Opsdeck without an enabled admin.
 * Count and update share one transaction under the users lock: two admins demoting each other
 * at the same moment cannot both succeed.
 */
export async function updateUserGuarded(
  db: Db,
  actor: Actor,
  userId: string,
  change: { role?: Role; disabled?: boolean },
  data: Prisma.UserUpdateInput,
  /** More writes that must commit with the change, or not at all. */
  alongside?: (tx: Prisma.TransactionClient) => Promise<unknown>,
): Promise<User> {
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${USERS_LOCK})`);
    const target = await tx.user.findUnique({ where: { id: userId } });
    if (!target) throw new NotFound(`no user with id "${userId}"`);
    const admins = await tx.user.count({ where: { role: "admin", disabled: false } });
    const refusal = lastAdminError(target, change, admins, actor.type === "user" && actor.id === target.id);
    if (refusal) throw refusal;
    const updated = await tx.user.update({ where: { id: userId }, data });
    await alongside?.(tx);
    return updated;
  });
}
