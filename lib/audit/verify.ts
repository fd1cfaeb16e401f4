import "server-only";
import type { Db } from "@/lib/infra/db";
import { GENESIS_HASH, hashRecord } from "./hash";
import type { AuditRecord } from "./schemas";

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The last seq of an intact chain. */
  headSeq: number;
  firstBroken?: { seq: number; reason: string };
  ms: number;
}

const PAGE = 20_000;

/**
 * Walks the chain in seq order and recomputes every hash. An edited row fails its own hash; a
 * deleted row leaves a gap in seq or a prevHash that does not match; an inserted row breaks the
 * link after it. Names the first broken record.
 */
export async function verifyChain(db: Db): Promise<VerifyResult> {
  const started = performance.now();
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db.$queryRawUnsafe<RawRow[]>(
      `SELECT seq, "eventId", at, "actorType", "actorId", "actorName", role, "sourceIp", "userAgent",
              action, target, params, outcome, "durationMs", "requestId", "runId", message, "prevHash", hash
         FROM "AuditEvent" WHERE seq >= $1 ORDER BY seq LIMIT ${PAGE}`,
      BigInt(expectedSeq),
    );
    for (const row of rows) {
      const record = fromRaw(row);
      const broken = (reason: string): VerifyResult => ({
        ok: false,
        checked,
        headSeq: expectedSeq - 1,
        firstBroken: { seq: record.seq, reason },
        ms: Math.round(performance.now() - started),
      });
      if (record.seq !== expectedSeq)
        return broken(
          `record ${expectedSeq}${record.seq > expectedSeq + 1 ? `-${record.seq - 1}` : ""} is missing (deleted?)`,
        );
      if (record.prevHash !== prevHash)
        return broken(
          "its previous-hash link does not match the record before it (a record was removed or inserted)",
        );
      const { hash, ...rest } = record;
      if (hashRecord(rest) !== hash)
        return broken("its contents do not match its hash (the record was edited)");
      prevHash = hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < PAGE) break;
  }
  return { ok: true, checked, headSeq: expectedSeq - 1, ms: Math.round(performance.now() - started) };
}

interface RawRow {
  seq: bigint;
  eventId: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorName: string;
  role: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  action: string;
  target: string | null;
  params: unknown;
  outcome: string;
  durationMs: number | null;
  requestId: string | null;
  runId: string | null;
  message: string | null;
  prevHash: string;
  hash: string;
}

export function fromRaw(row: RawRow): AuditRecord {
  return {
    ...row,
    seq: Number(row.seq),
    at: new Date(row.at).toISOString(),
    params: typeof row.params === "string" ? safeJson(row.params) : (row.params ?? null),
    actorType: row.actorType as AuditRecord["actorType"],
    outcome: row.outcome as AuditRecord["outcome"],
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
