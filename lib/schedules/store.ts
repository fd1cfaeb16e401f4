import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/infra/db";
import type { ScheduleRunStatus, ScheduleRunView, ScheduleTrigger } from "./schemas";

/**
 * The database side of schedules. The unique (schedule, occurrence, trigger) row is the claim:
 * every console process that finds an occurrence due inserts it, and only the one whose insert
 * succeeded runs it.
 */

export interface ScheduleStateRow {
  scheduleId: string;
  paused: boolean;
  pausedBy: string | null;
  pausedAt: Date | null;
  pauseReason: string | null;
  firstSeenAt: Date;
  checkedThrough: Date;
}

/** The state of each schedule, created (as of `now`) for those seen for the first time. */
export async function loadStates(db: Db, ids: string[], now: Date): Promise<Map<string, ScheduleStateRow>> {
  if (ids.length) {
    await db.scheduleState.createMany({
      data: ids.map((scheduleId) => ({ scheduleId, firstSeenAt: now, checkedThrough: now })),
      skipDuplicates: true,
    });
  }
  const rows = await db.scheduleState.findMany({ where: { scheduleId: { in: ids } } });
  return new Map(rows.map((r) => [r.scheduleId, r]));
}

/** Moves the high-water mark forward (never back: another process may be ahead). */
export async function advance(db: Db, ids: string[], through: Date): Promise<void> {
  if (!ids.length) return;
  await db.$executeRaw`UPDATE "ScheduleState" SET "checkedThrough" = GREATEST("checkedThrough", ${through}) WHERE "scheduleId" = ANY(${ids})`;
}

export interface Claim {
  scheduleId: string;
  occurrence: Date;
  trigger: ScheduleTrigger;
  status: ScheduleRunStatus;
  message?: string;
  missedCount?: number;
  missedFrom?: Date;
  requestedBy?: string;
}

/** Inserts the claims in one statement; returns the ids of those this process won, by key. */
export async function claim(db: Db, claims: Claim[], claimedBy: string): Promise<Map<string, string>> {
  const won = new Map<string, string>();
  if (!claims.length) return won;
  const ids = claims.map(() => randomUUID());
  const rows = await db.$queryRaw<{ id: string; scheduleId: string; occurrence: Date; trigger: string }[]>`
    INSERT INTO "ScheduleRun" ("id", "scheduleId", "occurrence", "trigger", "status", "message", "missedCount", "missedFrom", "requestedBy", "claimedBy")
    SELECT * FROM UNNEST(
      ${ids}::text[], ${claims.map((c) => c.scheduleId)}::text[], ${claims.map((c) => c.occurrence)}::timestamp(3)[],
      ${claims.map((c) => c.trigger)}::text[], ${claims.map((c) => c.status)}::text[], ${claims.map((c) => c.message ?? null)}::text[],
      ${claims.map((c) => c.missedCount ?? 0)}::int[], ${claims.map((c) => c.missedFrom ?? null)}::timestamp(3)[],
      ${claims.map((c) => c.requestedBy ?? null)}::text[], ${claims.map(() => claimedBy)}::text[]
    )
    ON CONFLICT ("scheduleId", "occurrence", "trigger") DO NOTHING
    RETURNING "id", "scheduleId", "occurrence", "trigger"`;
  for (const r of rows) won.set(claimKey(r.scheduleId, r.occurrence, r.trigger), r.id);
  return won;
}

export function claimKey(scheduleId: string, occurrence: Date, trigger: string): string {
  return `${scheduleId}\u0000${occurrence.getTime()}\u0000${trigger}`;
}

export async function updateRun(
  db: Db,
  id: string,
  data: Partial<{
    status: ScheduleRunStatus;
    startedAt: Date;
    finishedAt: Date;
    actionRunId: string;
    playbookRunId: string;
    message: string | null;
  }>,
): Promise<void> {
  await db.scheduleRun.update({ where: { id }, data });
}

/** Another run of this schedule that is still going (on any console process). */
export async function runningRun(db: Db, scheduleId: string, except: string) {
  return db.scheduleRun.findFirst({
    where: { scheduleId, status: "running", id: { not: except } },
    orderBy: { occurrence: "asc" },
  });
}

/**
 * Runs left running or queued by a console process that stopped: after `staleMs` they are
 * marked failed, so the schedule's overlap rule does not wait for them for ever.
 */
export async function sweepAbandoned(db: Db, olderThan: Date): Promise<number> {
  const r = await db.scheduleRun.updateMany({
    where: { status: { in: ["running", "queued"] }, occurrence: { lt: olderThan } },
    data: {
      status: "failed",
      finishedAt: new Date(),
      message: "abandoned: the console process that ran it stopped before it finished",
    },
  });
  return r.count;
}

export type ScheduleRunRow = Awaited<ReturnType<Db["scheduleRun"]["findFirstOrThrow"]>>;

export function runView(r: ScheduleRunRow): ScheduleRunView {
  return {
    id: r.id,
    scheduleId: r.scheduleId,
    occurrence: r.occurrence.toISOString(),
    trigger: r.trigger as ScheduleTrigger,
    status: r.status as ScheduleRunStatus,
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    actionRunId: r.actionRunId,
    playbookRunId: r.playbookRunId,
    missedCount: r.missedCount,
    missedFrom: r.missedFrom?.toISOString() ?? null,
    message: r.message,
    requestedBy: r.requestedBy,
  };
}
