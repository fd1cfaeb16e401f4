import { hash as oneShotHash } from "node:crypto";
import type { AuditRecord } from "./schemas";

export const GENESIS_HASH = "0".repeat(64);

type Sha256 = (algorithm: "sha256", text: string, encoding: "hex") => string;

/**
 * The one implementation of the chain's hash, as a factory that refers to nothing outside
 * itself: the verification worker threads run this same function from its source text
 * (lib/audit/verify-worker-source.ts), so there is no second copy to drift.
 */
export function makeHasher(sha256: Sha256) {
  /** JSON with object keys sorted at every depth, so jsonb's key reordering does not change a hash. */
  function canonicalJson(value: unknown): string {
    if (value === null || value === undefined) return "null";
    if (Array.isArray(value)) return "[" + value.map(canonicalJson).join(",") + "]";
    if (typeof value === "object") {
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return "{" + entries.map(([k, v]) => JSON.stringify(k) + ":" + canonicalJson(v)).join(",") + "}";
    }
    return JSON.stringify(value);
  }

  /**
   * The hash covers every field but itself, including the previous hash: that is the chain. The
   * input is canonicalJson of the field list, written with two native JSON.stringify calls around
   * the params (for scalars they write exactly what canonicalJson does): verification hashes a
   * million records, and this is its hot loop.
   */
  function hashRecord(record: Omit<AuditRecord, "hash"> & { hash?: string }): string {
    const head = JSON.stringify([
      record.seq,
      record.eventId,
      record.at,
      record.actorType,
      record.actorId ?? null,
      record.actorName,
      record.role ?? null,
      record.sourceIp ?? null,
      record.userAgent ?? null,
      record.action,
      record.target ?? null,
    ]);
    const tail = JSON.stringify([
      record.outcome,
      record.durationMs ?? null,
      record.requestId ?? null,
      record.runId ?? null,
      record.message ?? null,
      record.prevHash,
    ]);
    return sha256(
      "sha256",
      head.slice(0, -1) + "," + canonicalJson(record.params ?? null) + "," + tail.slice(1),
      "hex",
    );
  }

  return { canonicalJson, hashRecord };
}

export const { canonicalJson, hashRecord } = makeHasher(oneShotHash as Sha256);
