import pg from "pg";
import { hashRecord } from "@/lib/audit/hash";
import type { AuditRecord } from "@/lib/audit/schemas";
import { toUnchained, type EventSource } from "./audit-data";

/**
 * Grows the audit table to `total` chained records fast: records are generated and chained
 * in seq order with the app's own hashRecord, then inserted 5,000 at a time as one
 * `INSERT ... SELECT FROM unnest(arrays)` (19 parameters per batch), with the next batch
 * hashed while the previous one is being written. The table's trigger only refuses UPDATE,
 * DELETE and TRUNCATE, so plain inserts are what the app itself does.
 */

const BATCH = 5000;
const INSERT = `INSERT INTO "AuditEvent" (seq, "eventId", at, "actorType", "actorId", "actorName", role,
  "sourceIp", "userAgent", action, target, params, outcome, "durationMs", "requestId", "runId", message,
  "prevHash", hash)
SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamp(3)[], $4::text[], $5::text[], $6::text[],
  $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::text[], $14::int[],
  $15::text[], $16::text[], $17::text[], $18::text[], $19::text[])`;

export interface FillOptions {
  url: string;
  head: { seq: number; hash: string };
  total: number;
  source: EventSource;
  random: () => number;
  /** Records get increasing times from `from`, spread evenly (with jitter) over `spanMs`. */
  from: Date;
  spanMs: number;
  onProgress?: (seq: number) => void;
}

export async function fillChain(o: FillOptions): Promise<{ head: { seq: number; hash: string } }> {
  const client = new pg.Client({ connectionString: o.url });
  await client.connect();
  try {
    let { seq, hash: prevHash } = o.head;
    const count = o.total - seq;
    const step = o.spanMs / count;
    let at = o.from.getTime();
    let inFlight: Promise<unknown> = Promise.resolve();
    while (seq < o.total) {
      const rows: AuditRecord[] = [];
      for (let i = 0; i < BATCH && seq < o.total; i++) {
        seq += 1;
        at += step * 2 * o.random();
        const base = { ...toUnchained(o.source.input(), new Date(Math.round(at))), seq, prevHash };
        const record = { ...base, hash: hashRecord(base) };
        prevHash = record.hash;
        rows.push(record);
      }
      await inFlight;
      inFlight = client.query(INSERT, columns(rows));
      const reached = seq;
      void inFlight.then(
        () => o.onProgress?.(reached),
        () => undefined,
      );
    }
    await inFlight;
    return { head: { seq, hash: prevHash } };
  } finally {
    await client.end();
  }
}

function columns(rows: AuditRecord[]): unknown[] {
  const col = <T>(f: (r: AuditRecord) => T) => rows.map(f);
  return [
    col((r) => r.seq),
    col((r) => r.eventId),
    col((r) => r.at),
    col((r) => r.actorType),
    col((r) => r.actorId),
    col((r) => r.actorName),
    col((r) => r.role),
    col((r) => r.sourceIp),
    col((r) => r.userAgent),
    col((r) => r.action),
    col((r) => r.target),
    col((r) => (r.params === null ? null : JSON.stringify(r.params))),
    col((r) => r.outcome),
    col((r) => r.durationMs),
    col((r) => r.requestId),
    col((r) => r.runId),
    col((r) => r.message),
    col((r) => r.prevHash),
    col((r) => r.hash),
  ];
}
