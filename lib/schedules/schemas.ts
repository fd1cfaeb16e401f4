import { z } from "zod";
import { durationSchema } from "@/lib/catalog/duration";
import { labelSchema } from "@/lib/catalog/label";
import { ROLES } from "@/lib/auth/roles";
import { CronError, parseCron } from "./cron";
import { isTimeZone } from "./zone";

/**
 * Schedules in opsdeck.yml: a cron expression in a time zone that runs an action with fixed
 * parameters or starts a playbook run. Safe for the client.
 */

const scheduleId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, "expected lowercase letters, digits, '-', '_' or '.' (max 63)");

export const cronSchema = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    try {
      parseCron(text);
    } catch (error) {
      if (!(error instanceof CronError)) throw error;
      ctx.addIssue({ code: "custom", message: `invalid cron expression: ${error.message}` });
    }
  });

export const timeZoneSchema = z
  .string()
  .min(1)
  .refine(isTimeZone, { message: "unknown time zone (expected an IANA name like Europe/Berlin or UTC)" });

export const OVERLAP_POLICIES = ["skip", "queue", "replace"] as const;
export const CATCH_UP_POLICIES = ["skip", "once"] as const;

export const scheduleSchema = z
  .strictObject({
    id: scheduleId,
    name: labelSchema.optional(),
    description: z.string().optional(),
    /** Five fields (minute hour day month weekday), or six with seconds first; @daily and friends. */
    cron: cronSchema,
    /** IANA time zone of the expression; settings.schedules.timeZone by default. */
    timeZone: timeZoneSchema.optional(),
    /** Run a declared or built-in action of a service, with these parameters. */
    action: z
      .strictObject({
        service: z.string().min(1),
        action: z.string().min(1),
        params: z.record(z.string(), z.unknown()).default({}),
      })
      .optional(),
    /** Or start a run of this playbook (optionally about a service). */
    playbook: z.strictObject({ id: z.string().min(1), service: z.string().min(1).optional() }).optional(),
    /** Keep the files of this schedule's last N successful runs; older ones are deleted. */
    keep: z.number().int().min(1).max(10_000).optional(),
    /** Occurrences missed while no console was running: run once when it is back, or only report them. */
    catchUp: z.enum(CATCH_UP_POLICIES).default("skip"),
    /** When the previous run is still going: skip this one, queue it, or cancel the previous and start. */
    overlap: z.enum(OVERLAP_POLICIES).default("skip"),
    /** The role the schedule acts with (what it may run); a restore needs admin, said here on purpose. */
    role: z.enum(ROLES).default("operator"),
    enabled: z.boolean().default(true),
  })
  .superRefine((s, ctx) => {
    if (Boolean(s.action) === Boolean(s.playbook))
      ctx.addIssue({
        code: "custom",
        message: "a schedule runs either an `action` or a `playbook` (exactly one)",
      });
    if (s.keep !== undefined && !s.action)
      ctx.addIssue({ code: "custom", path: ["keep"], message: "`keep` applies to files an action makes" });
  });

export const schedulesSettingsSchema = z.strictObject({
  timeZone: timeZoneSchema.default("UTC"),
  /** Scheduled runs at once per console process; the rest wait in order. */
  maxConcurrentRuns: z.number().int().min(1).max(500).default(20),
  /** An occurrence found later than this was missed (the console was down), not just late. */
  missedAfter: durationSchema.default(60_000),
});

export type ScheduleConfig = z.output<typeof scheduleSchema>;
export type SchedulesSettings = z.output<typeof schedulesSettingsSchema>;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

export const SCHEDULE_RUN_STATUSES = [
  "queued",
  "running",
  "succeeded",
  "failed",
  "skipped",
  "missed",
  "cancelled",
] as const;
export type ScheduleRunStatus = (typeof SCHEDULE_RUN_STATUSES)[number];
export const SCHEDULE_TRIGGERS = ["cron", "catch-up", "manual", "missed"] as const;
export type ScheduleTrigger = (typeof SCHEDULE_TRIGGERS)[number];

/** One occurrence as the Schedules page shows it. */
export interface ScheduleRunView {
  id: string;
  scheduleId: string;
  occurrence: string;
  trigger: ScheduleTrigger;
  status: ScheduleRunStatus;
  startedAt: string | null;
  finishedAt: string | null;
  actionRunId: string | null;
  playbookRunId: string | null;
  missedCount: number;
  missedFrom: string | null;
  message: string | null;
  requestedBy: string | null;
}

export interface ScheduleView {
  id: string;
  name: string;
  description?: string;
  cron: string;
  timeZone: string;
  target:
    | { kind: "action"; service: string; action: string }
    | { kind: "playbook"; playbook: string; service?: string };
  keep?: number;
  catchUp: ScheduleConfig["catchUp"];
  overlap: OverlapPolicy;
  role: ScheduleConfig["role"];
  enabled: boolean;
  paused: { by: string; at: string; reason: string | null } | null;
  next: string | null;
  last: ScheduleRunView | null;
  /** The last runs, newest first. */
  recent: ScheduleRunView[];
  /** Why it cannot run on the stack as it is now (a playbook or an action that is gone). */
  problem?: string;
}

export const scheduleRefSchema = z.strictObject({ scheduleId });
export const pauseScheduleSchema = z.strictObject({
  scheduleId,
  reason: z.string().trim().max(500).optional(),
});
