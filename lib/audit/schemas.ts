import { z } from "zod";

/** Safe for the client: shapes of audit events and the audit page's filters. */

export const AUDIT_OUTCOMES = ["started", "succeeded", "failed", "denied"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const ACTOR_TYPES = ["user", "token", "system"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** Who is acting, and from where. Built once per request by lib/auth/actor.ts. */
export interface Actor {
  type: ActorType;
  id?: string;
  /** Email for users, token name for tokens, "opsdeck" for the system. */
  name: string;
  role?: string;
  ip?: string;
  userAgent?: string;
  requestId: string;
}

/** What a caller hands to the audit log. */
export interface AuditInput {
  actor: Actor;
  action: string;
  target?: string;
  /** Redacted before hashing and storing. */
  params?: unknown;
  outcome: AuditOutcome;
  durationMs?: number;
  runId?: string;
  message?: string;
}

/** One stored, chained event, as hashed. */
export interface AuditRecord {
  seq: number;
  eventId: string;
  at: string;
  actorType: ActorType;
  actorId: string | null;
  actorName: string;
  role: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  action: string;
  target: string | null;
  params: unknown;
  outcome: AuditOutcome;
  durationMs: number | null;
  requestId: string | null;
  runId: string | null;
  message: string | null;
  prevHash: string;
  hash: string;
}

export const auditFilterSchema = z.strictObject({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(200).optional(),
  target: z.string().trim().max(300).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  runId: z.string().trim().max(100).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** Keyset cursor: events with seq below this. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;
