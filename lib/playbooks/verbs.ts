import "server-only";
import { z } from "zod";
import { can } from "@/lib/auth/permissions";
import { isRole } from "@/lib/auth/roles";
import { NotFound, Validation } from "@/lib/errors";
import { verb } from "@/lib/http/verb";
import { getDb } from "@/lib/infra/db";
import { incidentService } from "@/lib/incidents/runtime";
import type { Command } from "./run-machine";
import { playbookRunner } from "./run-runtime";
import { SEVERITIES } from "./schemas";

/**
 * The mutations of playbook runs, each one verb (permission first, then the input, audited as
 * started and succeeded or failed; refusals as denied). Acting on a run needs `playbooks.run`;
 * an action step also needs the action's own permission, which the action service checks and
 * audits when the step starts it. What a person answers goes in the audit record, never values
 * typed into an action's parameters (the action's own record holds those, redacted).
 */

const ref = z.string().trim().min(1).max(200);
const text = (max: number) => z.string().trim().min(1).max(max);

export const startRunSchema = z.strictObject({
  playbookId: ref,
  severity: z.enum(SEVERITIES).optional(),
  service: ref.optional(),
  incident: ref.optional(),
});

export const startPlaybookRunVerb = verb({
  action: "playbook.run.start",
  permission: "playbooks.run",
  input: startRunSchema,
  attempt: (raw) => ({
    target: `playbook:${String((raw as { playbookId?: unknown })?.playbookId ?? "").slice(0, 200)}`,
  }),
  audit: "wrapper",
  run: async (ctx, input) => {
    if (input.incident && !(await incidentService().find(input.incident)))
      throw new NotFound(`incident: no incident "${input.incident}"`);
    const { runId } = await playbookRunner().start(ctx.actor, input);
    return { runId };
  },
});

const runId = z.string().uuid("expected a run id");
const stepId = ref;

/** A person's command on a run, as the run page and the REST API send it. */
export const commandSchema = z.discriminatedUnion("type", [
  z.strictObject({ runId, type: z.literal("complete"), stepId }),
  z.strictObject({
    runId,
    type: z.literal("tick"),
    stepId,
    itemId: ref,
    checked: z.boolean(),
    value: z.string().max(2000).optional(),
  }),
  z.strictObject({ runId, type: z.literal("answer"), stepId, option: text(200) }),
  z.strictObject({ runId, type: z.literal("note"), stepId: stepId.optional(), text: text(5000) }),
  z.strictObject({
    runId,
    type: z.literal("run-step"),
    stepId,
    params: z
      .record(z.string().max(64), z.union([z.string().max(10_000), z.number(), z.boolean()]))
      .optional(),
    confirmation: z.string().max(200).optional(),
  }),
  z.strictObject({ runId, type: z.literal("approve"), stepId }),
  z.strictObject({ runId, type: z.literal("deny"), stepId, reason: z.string().max(500).optional() }),
  z.strictObject({ runId, type: z.literal("skip"), stepId, reason: text(500) }),
  z.strictObject({ runId, type: z.literal("retry"), stepId }),
  z.strictObject({ runId, type: z.literal("rerun"), stepId }),
  z.strictObject({ runId, type: z.literal("pause"), reason: z.string().max(500).optional() }),
  z.strictObject({ runId, type: z.literal("resume") }),
  z.strictObject({
    runId,
    type: z.literal("handover"),
    to: z.string().trim().email("expected the email of a user"),
  }),
  z.strictObject({ runId, type: z.literal("abandon"), reason: text(500) }),
]);
export type CommandRequest = z.output<typeof commandSchema>;
export const COMMAND_TYPES = commandSchema.options.map((o) => o.shape.type.value);

const commandSelector = z.object({ runId, type: z.enum(COMMAND_TYPES as [string, ...string[]]) });

export const playbookCommandVerb = verb({
  action: "playbook.step",
  permission: {
    select: commandSelector,
    resolve: async ({ type }) => ({ permission: "playbooks.run", auditAs: `playbook.${type}` }),
  },
  input: commandSchema,
  attempt: (raw) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const pick = (k: string) => (typeof r[k] === "string" ? { [k]: (r[k] as string).slice(0, 500) } : {});
    return {
      target: `playbook-run:${String(r.runId ?? "").slice(0, 100)}`,
      params: {
        ...pick("stepId"),
        ...pick("itemId"),
        ...pick("option"),
        ...pick("reason"),
        ...pick("to"),
        ...(typeof r.checked === "boolean" ? { checked: r.checked } : {}),
      },
    };
  },
  audit: "wrapper",
  run: async (ctx, input) => {
    const extra = input.type === "run-step" ? { params: input.params, confirmation: input.confirmation } : {};
    const run = await playbookRunner().command(ctx.actor, input.runId, await toCommand(input), extra);
    return { runId: run.id, status: run.status, version: run.version, current: run.state.current };
  },
});

async function toCommand(input: CommandRequest): Promise<Command> {
  switch (input.type) {
    case "run-step":
      return { type: "run-step", stepId: input.stepId };
    case "handover": {
      const db = await getDb();
      const user = await db.user.findUnique({ where: { email: input.to.toLowerCase() } });
      if (!user || user.disabled) throw new NotFound(`to: no active user ${input.to}`);
      if (!isRole(user.role) || !can(user.role, "playbooks.run"))
        throw new Validation(`to: ${input.to} is a ${user.role} and cannot act on playbook runs`);
      return { type: "handover", to: { id: user.id, name: user.email, role: user.role } };
    }
    default: {
      const { runId: _run, ...command } = input;
      return command as Command;
    }
  }
}
