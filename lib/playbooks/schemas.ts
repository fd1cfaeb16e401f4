import { z } from "zod";
import { durationSchema } from "@/lib/catalog/duration";
import { idSchema } from "@/lib/catalog/schemas";

/**
 * The playbooks/*.yml model: one playbook per file. Safe for the client. Every object is strict,
 * so a typo is an error with a "did you mean" hint. References to services, checks and actions
 * are ids of opsdeck.yml; that they exist is checked against the loaded config, not here.
 */

export const HEALTH_STATES = ["up", "degraded", "down", "unknown", "maintenance"] as const;
export const SEVERITIES = ["P1", "P2", "P3", "P4"] as const;
/** Roles that may approve a step (a viewer never may). */
const APPROVER_ROLES = ["operator", "admin"] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

/** Something a trigger or a wait watches: a service's state, a check's state, or a check's metric. */
const serviceState = z.strictObject({ service: idSchema, state: z.enum(HEALTH_STATES) });
const checkState = z.strictObject({ service: idSchema, check: idSchema, state: z.enum(HEALTH_STATES) });
const metricAbove = z.strictObject({
  service: idSchema,
  check: idSchema,
  metric: idSchema,
  above: z.number(),
});
const metricBelow = z.strictObject({
  service: idSchema,
  check: idSchema,
  metric: idSchema,
  below: z.number(),
});

export const triggerSchema = z.union([
  z.strictObject({ manual: z.literal(true) }),
  serviceState,
  checkState,
  metricAbove,
]);

const stepCommon = {
  id: idSchema,
  title: text(200),
  /**
   * Shown only when this holds when the run reaches the step, written in the check condition
   * grammar over the run's properties and earlier steps: `severity == "P1"`,
   * `service == "worker"`, `answers.scope == "all"`, `steps.depth.value > 1000`.
   */
  when: text(500).optional(),
};

const instructionStep = z.strictObject({
  ...stepCommon,
  kind: z.literal("instruction"),
  /** Markdown; fenced code blocks get a copy button. */
  body: text(20_000),
});

const checkStep = z.strictObject({
  ...stepCommon,
  kind: z.literal("check"),
  service: idSchema,
  check: idSchema,
});

/** A parameter value; `{{steps.<id>.<field>}}` takes it from an earlier step's answer or result. */
const paramValue = z.union([z.string().max(2000), z.number(), z.boolean()]);

const actionStep = z.strictObject({
  ...stepCommon,
  kind: z.literal("action"),
  service: idSchema,
  action: idSchema,
  params: z.record(idSchema, paramValue).default({}),
  /** Runs without a click once the previous step is done (its confirmation still applies). */
  auto: z.boolean().default(false),
});

const waitStep = z.strictObject({
  ...stepCommon,
  kind: z.literal("wait"),
  until: z.union([serviceState, checkState, metricBelow, metricAbove]),
  timeout: durationSchema,
  auto: z.boolean().default(false),
});

const decisionStep = z.strictObject({
  ...stepCommon,
  kind: z.literal("decision"),
  /** A person answers... */
  question: text(500).optional(),
  options: z
    .array(z.strictObject({ label: text(200), goto: idSchema }))
    .min(2)
    .optional(),
  /** ...or a check decides. */
  onCheck: z.strictObject({ service: idSchema, check: idSchema, pass: idSchema, fail: idSchema }).optional(),
});

const checklistStep = z.strictObject({
  ...stepCommon,
  kind: z.literal("checklist"),
  items: z
    .array(
      z.strictObject({
        id: idSchema,
        text: text(500),
        /** A value the person must give before the item can be ticked. */
        input: z.strictObject({ label: text(200), type: z.enum(["text", "url", "number"]) }).optional(),
      }),
    )
    .min(1),
});

const approvalStep = z.strictObject({
  ...stepCommon,
  kind: z.literal("approval"),
  role: z.enum(APPROVER_ROLES).default("operator"),
  /** Unanswered this long, the request is denied. */
  timeout: durationSchema.optional(),
});

const noteStep = z.strictObject({ ...stepCommon, kind: z.literal("note"), prompt: text(500).optional() });

export const stepSchema = z.discriminatedUnion("kind", [
  instructionStep,
  checkStep,
  actionStep,
  waitStep,
  decisionStep,
  checklistStep,
  approvalStep,
  noteStep,
]);

export const playbookSchema = z.strictObject({
  version: z.literal(1),
  id: idSchema,
  title: text(200),
  summary: text(2000).optional(),
  owner: text(200).optional(),
  severity: z.enum(SEVERITIES).optional(),
  estimatedDuration: durationSchema.optional(),
  /** When to use it: suggested when one of these matches; `manual: true` alone means only by hand. */
  triggers: z
    .array(triggerSchema)
    .min(1)
    .default([{ manual: true }]),
  steps: z.array(stepSchema).min(1),
});

export type PlaybookConfig = z.output<typeof playbookSchema>;
export type PlaybookStep = z.output<typeof stepSchema>;
