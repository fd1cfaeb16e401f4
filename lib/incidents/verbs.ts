import "server-only";
import { z } from "zod";
import { verb } from "@/lib/http/verb";
import { INCIDENT_STATUSES } from "./model";
import { PUBLIC_IMPACTS } from "./severity";
import { incidentService } from "./runtime";

/**
 * The mutations of incidents, each one verb: `incidents.manage` decided first, then the input,
 * then the change, audited as started and succeeded or failed (refusals as denied) under
 * `incident.declare` or `incident.<command>`.
 */

const ref = z.string().trim().min(1).max(200);
const text = (max: number) => z.string().trim().min(1).max(max);
const person = z.string().trim().min(1).max(200);

export const declareSchema = z.strictObject({
  title: text(200),
  severity: z.string().trim().min(1).max(16),
  services: z.array(ref).max(100).default([]),
  commander: person.optional(),
  summary: z.string().trim().max(5000).optional(),
});

export const declareIncidentVerb = verb({
  action: "incident.declare",
  permission: "incidents.manage",
  input: declareSchema,
  attempt: (raw) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    return {
      params: { title: String(r.title ?? "").slice(0, 200), severity: String(r.severity ?? "").slice(0, 16) },
    };
  },
  audit: "wrapper",
  run: async (ctx, input) => {
    const incident = await incidentService().declare(ctx.actor, input);
    return { id: incident.id, number: incident.number };
  },
});

const incidentId = z.string().uuid("expected an incident id");

export const incidentCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    incidentId,
    type: z.literal("status"),
    status: z.enum(INCIDENT_STATUSES),
    note: z.string().max(2000).optional(),
  }),
  z.strictObject({
    incidentId,
    type: z.literal("severity"),
    severity: z.string().trim().min(1).max(16),
    reason: z.string().max(500).optional(),
  }),
  z.strictObject({
    incidentId,
    type: z.literal("role"),
    role: z.enum(["commander", "scribe", "responder", "remove-responder"]),
    person,
  }),
  z.strictObject({
    incidentId,
    type: z.literal("note"),
    text: text(10_000),
    at: z.iso.datetime({ offset: true }).optional(),
  }),
  z.strictObject({
    incidentId,
    type: z.literal("public"),
    text: text(5_000),
    /** The incident's public title from now on (the status page never shows the internal one). */
    title: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^\u0000-\u001f\u007f]*$/, "one line of text")
      .optional(),
    /** What its components show on the status page from now on. */
    impact: z.enum(PUBLIC_IMPACTS).optional(),
  }),
  z.strictObject({ incidentId, type: z.literal("follow-up"), text: text(1000), owner: person.optional() }),
  z.strictObject({
    incidentId,
    type: z.literal("follow-up-done"),
    followUpId: z.string().uuid(),
    done: z.boolean(),
  }),
  z.strictObject({
    incidentId,
    type: z.literal("curate"),
    ref: z
      .string()
      .regex(
        /^(event|state|action|playbook|maintenance):[0-9A-Za-z-]{1,64}$/,
        "expected a timeline entry reference",
      ),
    pinned: z.boolean().optional(),
    hidden: z.boolean().optional(),
  }),
]);
export type IncidentCommand = z.output<typeof incidentCommandSchema>;
const TYPES = incidentCommandSchema.options.map((o) => o.shape.type.value) as [string, ...string[]];

export const incidentCommandVerb = verb({
  action: "incident.change",
  permission: {
    select: z.object({ incidentId, type: z.enum(TYPES) }),
    resolve: async ({ type }) => ({ permission: "incidents.manage", auditAs: `incident.${type}` }),
  },
  input: incidentCommandSchema,
  attempt: (raw) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const pick = (k: string) => (typeof r[k] === "string" ? { [k]: (r[k] as string).slice(0, 200) } : {});
    return {
      target: `incident:${String(r.incidentId ?? "").slice(0, 100)}`,
      params: {
        ...pick("status"),
        ...pick("severity"),
        ...pick("role"),
        ...pick("person"),
        ...pick("ref"),
        ...pick("impact"),
        ...pick("title"),
      },
    };
  },
  audit: "wrapper",
  run: async (ctx, input) => {
    const service = incidentService();
    switch (input.type) {
      case "status":
        await service.setStatus(ctx.actor, input.incidentId, input.status, input.note);
        break;
      case "severity":
        await service.setSeverity(ctx.actor, input.incidentId, input.severity, input.reason);
        break;
      case "role":
        await service.setRole(ctx.actor, input.incidentId, input.role, input.person);
        break;
      case "note":
        await service.record(ctx.actor, input.incidentId, {
          text: input.text,
          visibility: "internal",
          at: input.at,
        });
        break;
      case "public":
        await service.record(ctx.actor, input.incidentId, {
          text: input.text,
          visibility: "public",
          title: input.title,
          impact: input.impact,
        });
        break;
      case "follow-up":
        await service.addFollowUp(ctx.actor, input.incidentId, { text: input.text, owner: input.owner });
        break;
      case "follow-up-done":
        await service.tickFollowUp(ctx.actor, input.incidentId, input.followUpId, input.done);
        break;
      case "curate":
        await service.curate(ctx.actor, input.incidentId, input.ref, {
          pinned: input.pinned,
          hidden: input.hidden,
        });
        break;
    }
    return { incidentId: input.incidentId };
  },
});
