import "server-only";
import type { Db } from "@/lib/infra/db";
import { AUDIT_SELECT, recordFromTextRow } from "./fields";
import { GENESIS_HASH, hashRecord } from "./hash";
import type { AuditRecord } from "./schemas";
import { verifyInParallel } from "./verify-parallel";
import { PG_PAGE_SQL } from "./verify-worker-source";

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The last seq of an intact chain. */
  headSeq: number;
  firstBroken?: { seq: number; reason: string };
  ms: number;
}

const PAGE = 20_000;
/** From this many records on, verification is split over worker threads (see verify-parallel.ts). */
export const PARALLEL_FROM = 100_000;

type PageReader = (fromSeq: number) => Promise<AuditRecord[]>;

/**
 * Walks the chain in seq order and recomputes every hash. An edited row fails its own hash; a
 * deleted row leaves a gap in seq or a prevHash that does not match; an inserted row breaks the
 * link after it. Names the first broken record. On Postgres, pass `pgUrl` to read through
 * node-postgres directly (array rows, `at` formatted by the server): Prisma's row handling
 * costs more than the hashing. The next page is read while this one is hashed.
 */
export async function verifyChain(db: Db, opts: { pgUrl?: string } = {}): Promise<VerifyResult> {
  if (!opts.pgUrl) return walk(prismaReader(db));
  const started = performance.now();
  const pg = await import("pg");
  const client = new pg.default.Client({ connectionString: opts.pgUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ max: string | null }>(
      `SELECT max(seq)::text AS max FROM "AuditEvent"`,
    );
    const maxSeq = Number(rows[0]?.max ?? 0);
    // Worth the threads only for large logs; small ones verify in one pass.
    if (maxSeq >= PARALLEL_FROM) return await verifyInParallel(opts.pgUrl, maxSeq, started);
    return await walk(pgReader(client, maxSeq));
  } finally {
    await client.end();
  }
}

async function walk(read: PageReader): Promise<VerifyResult> {
  const started = performance.now();
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let next = read(1);
  for (;;) {
    const rows = await next;
    if (rows.length === PAGE) {
      next = read(rows[rows.length - 1].seq + 1);
      next.catch(() => undefined); // still awaited below; this only keeps an early return quiet
    }
    for (const record of rows) {
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

function prismaReader(db: Db): PageReader {
  return async (fromSeq) =>
    (
      await db.$queryRawUnsafe<RawRow[]>(
        `SELECT ${AUDIT_SELECT} FROM "AuditEvent" WHERE seq >= $1 ORDER BY seq LIMIT ${PAGE}`,
        BigInt(fromSeq),
      )
    ).map(fromRaw);
}

interface PgClient {
  query(config: { text: string; values: unknown[]; rowMode: "array" }): Promise<{ rows: unknown[][] }>;
}

function pgReader(client: PgClient, maxSeq: number): PageReader {
  const text = PG_PAGE_SQL;
  return async (fromSeq) => {
    const { rows } = await client.query({ text, values: [fromSeq, maxSeq], rowMode: "array" });
    return rows.map((r) => recordFromTextRow(r));
  };
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
