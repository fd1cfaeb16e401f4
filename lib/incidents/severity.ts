import { z } from "zod";
import { durationSchema } from "@/lib/catalog/duration";

/**
 * Incident severities, configurable in opsdeck.yml under `settings.incidents.severities`, with
 * P1 to P4 by default. Each has response targets: acknowledge within, update every, resolve
 * within; the incident page counts them down and overdue ones stand out. Safe for the client.
 */
/** The status an open incident gives its components on the status page. */
export const PUBLIC_IMPACTS = ["degraded_performance", "partial_outage", "major_outage"] as const;
export type PublicImpact = (typeof PUBLIC_IMPACTS)[number];

export const severitySchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/, "expected a short id like P1 or SEV-2"),
  name: z.string().trim().min(1).max(60),
  description: z.string().trim().max(500).default(""),
  acknowledgeWithin: durationSchema,
  updateEvery: durationSchema,
  resolveWithin: durationSchema,
  /** Who hears of an overdue target besides the commander (an email or a role), once alerting exists. */
  escalateTo: z.string().trim().max(200).optional(),
  /**
   * What an incident of this severity shows for its components on the status page until a
   * public update says otherwise.
   */
  publicImpact: z.enum(PUBLIC_IMPACTS).default("partial_outage"),
});
export type Severity = z.output<typeof severitySchema>;

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const DEFAULT_SEVERITIES: Severity[] = [
  {
    id: "P1",
    name: "Critical",
    description: "The product is down or data is at risk for many users.",
    acknowledgeWithin: 5 * MIN,
    updateEvery: 30 * MIN,
    resolveWithin: 4 * HOUR,
    publicImpact: "major_outage",
  },
  {
    id: "P2",
    name: "Major",
    description: "A key feature is broken or badly degraded for many users.",
    acknowledgeWithin: 15 * MIN,
    updateEvery: HOUR,
    resolveWithin: 8 * HOUR,
    publicImpact: "partial_outage",
  },
  {
    id: "P3",
    name: "Minor",
    description: "Part of the product is degraded, with a workaround.",
    acknowledgeWithin: HOUR,
    updateEvery: 4 * HOUR,
    resolveWithin: 3 * DAY,
    publicImpact: "degraded_performance",
  },
  {
    id: "P4",
    name: "Low",
    description: "A cosmetic or internal problem; no user is blocked.",
    acknowledgeWithin: DAY,
    updateEvery: DAY,
    resolveWithin: 14 * DAY,
    publicImpact: "degraded_performance",
  },
];

export const incidentsSettingsSchema = z.strictObject({
  severities: z
    .array(severitySchema)
    .min(1)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((s, i) => {
        if (seen.has(s.id))
          ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate severity id "${s.id}"` });
        seen.add(s.id);
      });
    })
    .default(DEFAULT_SEVERITIES),
});
