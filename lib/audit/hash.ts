import { createHash } from "node:crypto";
import type { AuditRecord } from "./schemas";

export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted at every depth, so jsonb's key reordering does not change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The hash covers every field but itself, including the previous hash: that is the chain. */
export function hashRecord(record: Omit<AuditRecord, "hash">): string {
  const fields = [
    record.seq,
    record.eventId,
    record.at,
    record.actorType,
    record.actorId,
    record.actorName,
    record.role,
    record.sourceIp,
    record.userAgent,
    record.action,
    record.target,
    record.params ?? null,
    record.outcome,
    record.durationMs,
    record.requestId,
    record.runId,
    record.message,
    record.prevHash,
  ];
  return createHash("sha256").update(canonicalJson(fields)).digest("hex");
}
