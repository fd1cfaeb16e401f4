import { z } from "zod";
import { durationSchema } from "./duration";
import { labelSchema } from "./label";
import { actionsSettingsSchema, declaredActionSchema } from "@/lib/actions/schemas";
import { incidentsSettingsSchema } from "@/lib/incidents/severity";
import { maintenanceConfigSchema, maintenanceSettingsSchema } from "@/lib/maintenance/schemas";
import { scheduleSchema, schedulesSettingsSchema } from "@/lib/schedules/schemas";
import { mailSettingsSchema } from "@/lib/outbox/schemas";
import { s3TargetSchema } from "@/lib/status-page/s3-schema";
import { statusPageSchema } from "@/lib/status-page/schemas";

/**
 * The opsdeck.yml model. Safe for the client. Every object is strict so that a typo is an
 * error with a "did you mean" hint instead of a silently ignored key.
 */

export const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, "expected lowercase letters, digits, '-', '_' or '.' (max 63)");

/** A condition in the check grammar, e.g. `status == 200` or `json.status == "healthy"`. */
const conditionSchema = z.string().min(1);

const metricSchema = z.strictObject({
  name: idSchema,
  unit: z.string().optional(),
  /** Threshold expressions on the value, e.g. "> 50" or ">= 0.9". */
  warn: z.string().optional(),
  critical: z.string().optional(),
});

const checkCommon = {
  id: idSchema,
  name: labelSchema.optional(),
  interval: durationSchema.optional(),
  timeout: durationSchema.optional(),
  /** Consecutive failures before the check is reported down (flap damping). */
  failuresBeforeDown: z.number().int().min(1).max(20).optional(),
  expect: z.array(conditionSchema).optional(),
  metric: metricSchema.optional(),
};

export const httpCheckSchema = z.strictObject({
  ...checkCommon,
  kind: z.literal("http"),
  /** `{{container}}` is replaced by the address of a running container of the service. */
  url: z.string().min(1),
  method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]).default("GET"),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  followRedirects: z.boolean().default(true),
});

export const tcpCheckSchema = z.strictObject({
  ...checkCommon,
  kind: z.literal("tcp"),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
});

export const postgresCheckSchema = z.strictObject({
  ...checkCommon,
  kind: z.literal("postgres"),
  /** postgres://user:pass@host:port/db; `{{container}}` allowed as host; `${ENV}` for secrets. */
  url: z.string().min(1),
  /** A read-only query returning one numeric value, recorded as the metric. */
  query: z.string().optional(),
});

export const redisCheckSchema = z.strictObject({
  ...checkCommon,
  kind: z.literal("redis"),
  url: z.string().min(1),
  /** PING (default), or a read command whose numeric answer becomes the metric. */
  command: z
    .union([
      z.literal("PING"),
      z
        .string()
        .regex(
          /^(LLEN|XLEN|SCARD|ZCARD|HLEN|DBSIZE|INFO)(\s.*)?$/i,
          "expected PING, LLEN <key>, XLEN <key>, SCARD <key>, ZCARD <key>, HLEN <key>, DBSIZE or INFO <section>.<field>",
        ),
    ])
    .default("PING"),
});

export const qdrantCheckSchema = z.strictObject({
  ...checkCommon,
  kind: z.literal("qdrant"),
  url: z.string().min(1),
  apiKey: z.string().optional(),
  /** When set, the collection must exist; its points_count becomes the metric `points_count`. */
  collection: z.string().optional(),
});

export const dockerCheckSchema = z.strictObject({
  ...checkCommon,
  kind: z.literal("docker"),
  /**
   * Restarts within this window count against the container (e.g. 3 restarts in 10m = degraded).
   * Only restarts after the process died by itself (a crash, an OOM kill) count; a stop,
   * restart or kill someone asked for does not.
   */
  restartWindow: durationSchema.optional(),
  maxRestarts: z.number().int().min(0).optional(),
});

export const execCheckSchema = z.strictObject({
  ...checkCommon,
  kind: z.literal("exec"),
  /** argv run inside a container of the service; never a shell string. */
  command: z.array(z.string()).min(1),
});

export const checkSchema = z.discriminatedUnion("kind", [
  httpCheckSchema,
  tcpCheckSchema,
  postgresCheckSchema,
  redisCheckSchema,
  qdrantCheckSchema,
  dockerCheckSchema,
  execCheckSchema,
]);

export const serviceSchema = z.strictObject({
  id: idSchema,
  name: labelSchema.optional(),
  stack: idSchema.optional(),
  description: z.string().optional(),
  owner: z.string().optional(),
  tags: z.array(z.string()).default([]),
  /** Match a compose service; omit for an external service (HTTP endpoint, managed database). */
  compose: z.strictObject({ project: z.string().min(1), service: z.string().min(1) }).optional(),
  dependsOn: z.array(idSchema).default([]),
  checks: z.array(checkSchema).default([]),
  /** Declared actions (see docs/actions.md); container services also get the built-ins. */
  actions: z.array(declaredActionSchema).default([]),
  /** Public component name on the status page; omitted = not public. */
  publicComponent: z.string().optional(),
});

export const stackSchema = z.strictObject({
  id: idSchema,
  name: labelSchema.optional(),
  description: z.string().optional(),
  /** Compose project whose containers belong to this stack. */
  composeProject: z.string().optional(),
  /** Path of the compose file, for depends_on when labels do not carry it. */
  composeFile: z.string().optional(),
  /** Turns actions on or off for this stack, over settings.actions.enabled. */
  actions: z.strictObject({ enabled: z.boolean() }).optional(),
});

export const settingsSchema = z.strictObject({
  defaultInterval: durationSchema.default(30_000),
  defaultTimeout: durationSchema.default(10_000),
  failuresBeforeDown: z.number().int().min(1).max(20).default(2),
  /** Global cap on checks in flight at once. */
  maxConcurrentChecks: z.number().int().min(1).max(1000).default(64),
  /** Discover every container of the local engine, grouped by compose project. */
  discoverContainers: z.boolean().default(true),
  actions: actionsSettingsSchema.prefault({}),
  /** Incident severities and their response targets (P1 to P4 by default). */
  incidents: incidentsSettingsSchema.prefault({}),
  /** Maintenance windows: lead time of the "about to start" event. */
  maintenance: maintenanceSettingsSchema.prefault({}),
  /** Defaults for schedules: time zone, runs at once, when a late occurrence counts as missed. */
  schedules: schedulesSettingsSchema.prefault({}),
  /** Outgoing mail (status page subscriptions): an SMTP URL, e.g. "${SMTP_URL}", and the sender. */
  mail: mailSettingsSchema.optional(),
  /** Where status pages are published besides the folder: an S3-compatible bucket. */
  statusPages: z.strictObject({ s3: s3TargetSchema.optional() }).prefault({}),
  retention: z
    .strictObject({
      raw: durationSchema.default(86_400_000),
      minutes: durationSchema.default(7 * 86_400_000),
      hours: durationSchema.default(90 * 86_400_000),
    })
    .prefault({}),
});

export const configSchema = z.strictObject({
  version: z.literal(1),
  settings: settingsSchema.prefault({}),
  stacks: z.array(stackSchema).default([]),
  services: z.array(serviceSchema).default([]),
  /** Planned maintenance windows (lib/maintenance): one-off or recurring. */
  maintenance: z.array(maintenanceConfigSchema).default([]),
  /** Cron schedules that run an action or start a playbook (lib/schedules). */
  schedules: z.array(scheduleSchema).default([]),
  /** Public status pages: components mapped to services (lib/status-page). */
  statusPages: z.array(statusPageSchema).default([]),
});

export type OpsdeckConfig = z.output<typeof configSchema>;
export type ServiceConfig = z.output<typeof serviceSchema>;
export type StackConfig = z.output<typeof stackSchema>;
export type CheckConfig = z.output<typeof checkSchema>;
export type CheckKind = CheckConfig["kind"];
export type MetricConfig = z.output<typeof metricSchema>;
