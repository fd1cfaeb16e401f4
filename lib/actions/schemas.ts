import { z } from "zod";
import { durationSchema } from "@/lib/catalog/duration";
import { labelSchema } from "@/lib/catalog/label";

/**
 * Declared actions in opsdeck.yml (safe for the client: no secrets are resolved here). What a
 * declaration fixes (URLs, commands, queries, keys) never comes from a request; a request may
 * only fill the declared `params`, each validated by the schema built from its declaration.
 */

export const PERMISSION_LEVELS = [
  "actions.run.safe",
  "actions.run.destructive",
  "actions.run.privileged",
] as const;
export const CONFIRM_LEVELS = ["none", "confirm", "type-name"] as const;
export type ConfirmLevel = (typeof CONFIRM_LEVELS)[number];

const paramName = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, "expected a lowercase name like task_id");

/** One request-fillable parameter of a declared action, referenced as {{name}} where allowed. */
export const declaredParamSchema = z.strictObject({
  name: paramName,
  label: z.string().optional(),
  description: z.string().optional(),
  type: z.enum(["string", "integer", "boolean", "enum"]).default("string"),
  /** For strings: a regex the whole value must match (anchored for you). */
  pattern: z.string().optional(),
  maxLength: z.number().int().min(1).max(10_000).default(200),
  min: z.number().optional(),
  max: z.number().optional(),
  values: z.array(z.string()).optional(),
  required: z.boolean().default(true),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
});
export type DeclaredParam = z.output<typeof declaredParamSchema>;

const common = {
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, "expected lowercase letters, digits, '-', '_' or '.'"),
  title: labelSchema.optional(),
  description: z.string().optional(),
  /** Raise (never lower) the permission the kind needs by default. */
  permission: z.enum(PERMISSION_LEVELS).optional(),
  /** Raise (never lower) the confirmation the kind asks for by default. */
  confirm: z.enum(CONFIRM_LEVELS).optional(),
  timeout: durationSchema.optional(),
  params: z.array(declaredParamSchema).default([]),
};

/** `{{container}}` in URLs is replaced by a running container's address, as in checks. */
const url = z.string().min(1);

export const declaredActionSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    ...common,
    kind: z.literal("exec"),
    /** argv, never a shell string; `{{param}}` inside an element is replaced by that parameter. */
    command: z.array(z.string()).min(1),
    /** Environment for the command; `${VAR}` for secrets (never shown, never audited). */
    env: z.record(z.string(), z.string()).optional(),
    user: z.string().optional(),
    workdir: z.string().optional(),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("redis.read"),
    url,
    /** Read commands: LLEN, XLEN, GET, HGETALL, SCARD, ZCARD, TTL, TYPE, EXISTS, INFO [section]; `{{param}}` allowed. */
    commands: z.array(z.string().min(1)).min(1),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("redis.write"),
    url,
    /** Declared write commands; these need actions.run.privileged unless declared otherwise. */
    commands: z.array(z.string().min(1)).min(1),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("postgres.query"),
    url,
    /** Runs in a READ ONLY transaction; `$1..$n` bind the declared params in order. */
    query: z.string().min(1),
    maxRows: z.number().int().min(1).max(10_000).default(500),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("postgres.backup"),
    url,
    /** Where dumps go: a folder on the console's host, or a named Docker volume. */
    destination: z.union([
      /** An absolute path: restores list it when building their form, before any run. */
      z.strictObject({
        folder: z.string().regex(/^\/./, "expected an absolute path such as /var/backups/db"),
      }),
      /** Mounted in a running container of the service, which runs pg_dump over its local socket. */
      z.strictObject({
        volume: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]+$/, "expected a Docker volume name"),
      }),
    ]),
    format: z.enum(["custom", "plain"]).default("custom"),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("postgres.restore"),
    url,
    /** Restores a dump made by a postgres.backup action of this service, chosen from a list. */
    from: z.string().min(1),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("qdrant"),
    url,
    apiKey: z.string().optional(),
    /** What this action may do. Snapshots and schema checks need `collection`. */
    operation: z.enum([
      "list-collections",
      "create-snapshot",
      "list-snapshots",
      "download-snapshot",
      "ensure-collection",
      "check-collection",
    ]),
    collection: z.string().optional(),
    /** For ensure/check-collection: the vectors config the collection must have. */
    schema: z
      .strictObject({
        size: z.number().int().min(1),
        distance: z.enum(["Cosine", "Euclid", "Dot", "Manhattan"]),
      })
      .optional(),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("http"),
    url,
    method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]).default("GET"),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.string().optional(),
    /** Conditions in the check grammar, e.g. `status == 200`, `json.status == "healthy"`. */
    expect: z.array(z.string().min(1)).default([]),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("container.set-env"),
    /** The variables a request may change, each with the values it may take. */
    variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.array(z.string()).min(1)),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("logs.search"),
    /** Preset filters; a request may narrow further. */
    query: z.string().max(200).optional(),
    /** Whether `query` is a regular expression (validated like the log viewer's filter). */
    regex: z.boolean().default(false),
    /** JSON log lines whose level (level, severity, levelname) equals this, e.g. `error`. */
    level: z
      .string()
      .regex(/^[A-Za-z]{1,16}$/, "expected a level name such as error")
      .optional(),
  }),
]);
export type DeclaredAction = z.output<typeof declaredActionSchema>;
export type DeclaredActionKind = DeclaredAction["kind"];

/** Ids of the built-in container actions (lib/actions/registry.ts gives each its kind). */
export const BUILTIN_ACTION_IDS = [
  "restart",
  "stop",
  "start",
  "kill",
  "restart-all",
  "scale",
  "up",
  "logs",
] as const;
export type BuiltinActionId = (typeof BUILTIN_ACTION_IDS)[number];

export const actionsSettingsSchema = z.strictObject({
  /** Off by default: a read-only deployment is the safe default. */
  enabled: z.boolean().default(false),
  /** Built-in container actions (restart, stop, start, kill, scale, logs) for container services. */
  builtins: z.boolean().default(true),
  /** Output kept per run (bytes). */
  maxOutputBytes: z
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(256 * 1024),
});

/** What the browser gets to render an action button and its form. */
export interface ActionView {
  id: string;
  serviceId: string;
  kind: string;
  title: string;
  description?: string;
  permission: string;
  confirm: ConfirmLevel;
  /** Whether this actor may run it (the server checks again on every run). */
  allowed: boolean;
  /** Why it is not available, e.g. "actions are disabled for this stack". */
  disabledReason?: string;
  params: ParamView[];
  /** A read (logs, query, listing): its output is the point, and it is audited as a read. */
  read: boolean;
}

export interface ParamView {
  name: string;
  label: string;
  description?: string;
  type: "string" | "integer" | "boolean" | "enum";
  required: boolean;
  values?: string[];
  min?: number;
  max?: number;
  default?: string | number | boolean;
}

/** A run request, as the server action and REST API take it. */
export const runRequestSchema = z.strictObject({
  serviceId: z.string().min(1).max(200),
  actionId: z.string().min(1).max(100),
  params: z.record(z.string(), z.unknown()).default({}),
  /** For type-name confirmation: must equal the target's name. */
  confirmation: z.string().max(300).optional(),
});
export type RunRequest = z.output<typeof runRequestSchema>;

export const RUN_STATUSES = ["running", "succeeded", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface OutputLine {
  /** ms since the run started */
  t: number;
  stream: "out" | "err" | "info";
  text: string;
}

export interface RunView {
  id: string;
  serviceId: string | null;
  actionId: string;
  kind: string;
  target: string;
  status: RunStatus;
  actorName: string;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  params: unknown;
  output: OutputLine[];
  outputTruncated: boolean;
  progress?: { done: number; total: number };
  result?: unknown;
  error?: string;
  /** Output and result left out for this reader, and why ("needs the data.read permission"). */
  withheld?: string;
}
