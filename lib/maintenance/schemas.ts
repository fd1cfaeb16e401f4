import { z } from "zod";
import { durationSchema } from "@/lib/catalog/duration";
import { labelSchema } from "@/lib/catalog/label";

/**
 * Maintenance windows: the `maintenance:` list of opsdeck.yml and the input of the verbs that
 * create and change windows in the console. `title` and `description` are public (the status
 * page announces them); `notes` are internal and never leave the console. Safe for the client.
 */

const windowId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, "expected lowercase letters, digits, '-', '_' or '.' (max 63)");
const instant = z.iso.datetime({
  offset: true,
  message: 'expected a date and time with its offset, e.g. "2026-12-20T02:00:00+01:00" or "...Z"',
});
const ids = z.array(z.string().trim().min(1).max(200)).max(200).default([]);
const text = (max: number) => z.string().trim().max(max);

export const recurringSchema = z.strictObject({
  /** Five fields (or six with seconds) in `timeZone`: "0 2 * * 0" is Sunday 02:00. */
  cron: z.string().trim().min(1).max(200),
  duration: durationSchema,
  timeZone: z.string().trim().min(1).max(64).default("UTC"),
});

const scopeRefine = (w: { services: string[]; stacks: string[]; tags: string[] }, ctx: z.RefinementCtx) => {
  if (w.services.length + w.stacks.length + w.tags.length === 0)
    ctx.addIssue({ code: "custom", path: ["services"], message: "name at least one service, stack or tag" });
};

/**
 * The fields a window has wherever it is declared. `start` absent: now (the console; the file
 * needs one); `end` and `duration` absent: until someone ends it.
 */
const windowFields = {
  title: labelSchema.min(1, "a title is needed (it is public)"),
  description: text(2000).optional(),
  notes: text(5000).optional(),
  services: ids,
  stacks: ids,
  tags: ids,
  owner: text(200).optional(),
  start: instant.optional(),
  end: instant.optional(),
  duration: durationSchema.optional(),
  recurring: recurringSchema.optional(),
  /** A playbook started when the window starts (its checklist is the maintenance procedure). */
  playbook: windowId.optional(),
  /** How long before the start the "about to start" event comes (default settings.maintenance.announceBefore). */
  announce: durationSchema.optional(),
};

type WindowShape = { start?: string; end?: string; duration?: number; recurring?: object };

/** One scope at least; times from `recurring` or from start/end/duration, not both; `start` required in the file. */
function timesRefine(needsStart: boolean) {
  return (w: WindowShape & Parameters<typeof scopeRefine>[0], ctx: z.RefinementCtx) => {
    scopeRefine(w, ctx);
    if (w.recurring && (w.start || w.end || w.duration))
      ctx.addIssue({
        code: "custom",
        path: ["recurring"],
        message: "a recurring window takes its times from `recurring`: remove start, end and duration",
      });
    if (needsStart && !w.recurring && !w.start)
      ctx.addIssue({ code: "custom", path: ["start"], message: "expected `start` (or `recurring`)" });
    if (w.end && w.duration)
      ctx.addIssue({ code: "custom", path: ["duration"], message: "give `end` or `duration`, not both" });
  };
}

/** One window as opsdeck.yml declares it. */
export const maintenanceConfigSchema = z
  .strictObject({ id: windowId, ...windowFields })
  .superRefine(timesRefine(true));
export type MaintenanceConfig = z.output<typeof maintenanceConfigSchema>;

export const maintenanceSettingsSchema = z.strictObject({
  /** Lead time of the "about to start" event (for notifications and the status page). */
  announceBefore: durationSchema.default(86_400_000),
});

/** What a person gives when creating a window in the console. */
export const createWindowSchema = z.strictObject(windowFields).superRefine(timesRefine(false));
export type CreateWindowInput = z.output<typeof createWindowSchema>;

const uiWindowId = z.string().uuid("expected a window id (windows declared in opsdeck.yml change there)");

export const windowRefSchema = z.strictObject({ windowId: uiWindowId });

/** Changes to a window; only what is given changes. */
export const editWindowSchema = z.strictObject({
  windowId: uiWindowId,
  title: z.string().trim().min(1).max(200).optional(),
  description: text(2000).optional(),
  notes: text(5000).optional(),
  owner: text(200).optional(),
  services: z.array(z.string().trim().min(1).max(200)).max(200).optional(),
  stacks: z.array(z.string().trim().min(1).max(200)).max(200).optional(),
  tags: z.array(z.string().trim().min(1).max(200)).max(200).optional(),
  start: instant.optional(),
  /** null: until someone ends it. */
  end: instant.nullable().optional(),
  playbook: windowId.nullable().optional(),
});
export type EditWindowInput = z.output<typeof editWindowSchema>;
