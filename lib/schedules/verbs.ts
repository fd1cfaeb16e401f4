import "server-only";
import { actionService } from "@/lib/actions/runtime";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { Conflict, Forbidden } from "@/lib/errors";
import { verb } from "@/lib/http/verb";
import { getDb } from "@/lib/infra/db";
import { findSchedule } from "./queries";
import { scheduler } from "./runtime";
import { pauseScheduleSchema, scheduleRefSchema } from "./schemas";

/**
 * The mutations of schedules, each one verb (`schedules.manage` first, then the input; audited
 * as started and succeeded or failed, refusals as denied, by the wrapper). Pausing is shared by
 * every console process (a row), so a paused schedule runs nowhere.
 */

const attempt = (raw: unknown) => ({
  target: `schedule:${String((raw as { scheduleId?: unknown })?.scheduleId ?? "").slice(0, 100)}`,
});

export const pauseScheduleVerb = verb({
  action: "schedule.pause",
  permission: "schedules.manage",
  input: pauseScheduleSchema,
  attempt,
  audit: "wrapper",
  run: async (ctx, input) => {
    await findSchedule(input.scheduleId);
    const db = await getDb();
    const now = new Date();
    const state = await db.scheduleState.findUnique({ where: { scheduleId: input.scheduleId } });
    if (state?.paused)
      throw new Conflict(`schedule ${input.scheduleId} is already paused by ${state.pausedBy}`);
    const data = { paused: true, pausedBy: ctx.actor.name, pausedAt: now, pauseReason: input.reason ?? null };
    await db.scheduleState.upsert({
      where: { scheduleId: input.scheduleId },
      create: { scheduleId: input.scheduleId, firstSeenAt: now, checkedThrough: now, ...data },
      update: data,
    });
    return { paused: true };
  },
});

export const resumeScheduleVerb = verb({
  action: "schedule.resume",
  permission: "schedules.manage",
  input: scheduleRefSchema,
  attempt,
  audit: "wrapper",
  run: async (_ctx, input) => {
    await findSchedule(input.scheduleId);
    const db = await getDb();
    const state = await db.scheduleState.findUnique({ where: { scheduleId: input.scheduleId } });
    if (!state?.paused) throw new Conflict(`schedule ${input.scheduleId} is not paused`);
    // Occurrences while paused were not owed: the schedule picks up from now, nothing is "missed".
    await db.scheduleState.update({
      where: { scheduleId: input.scheduleId },
      data: { paused: false, pausedBy: null, pausedAt: null, pauseReason: null, checkedThrough: new Date() },
    });
    void scheduler().tick();
    return { paused: false };
  },
});

export const runScheduleNowVerb = verb({
  action: "schedule.run-now",
  permission: "schedules.manage",
  input: scheduleRefSchema,
  attempt,
  audit: "wrapper",
  run: async (ctx, input) => {
    const schedule = await findSchedule(input.scheduleId);
    // A schedule may act with more power than the person asking: they need what it runs, too.
    const needed: Permission = schedule.action
      ? (await actionService().permissionFor(schedule.action.service, schedule.action.action)).permission
      : "playbooks.run";
    if (!can(ctx.actor.role as Role | undefined, needed))
      throw new Forbidden(
        `running ${schedule.id} now needs the ${needed} permission, which the ${ctx.actor.role ?? "anonymous"} role does not have`,
      );
    const runId = await scheduler().runNow(schedule, ctx.actor);
    return { scheduleRunId: runId };
  },
});
