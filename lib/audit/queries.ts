import "server-only";
import { AUDIT_FIELD_NAMES } from "./fields";
import type { Db } from "@/lib/infra/db";
import { fromRaw } from "./verify";
import type { AuditFilter, AuditRecord } from "./schemas";

type Row = Parameters<typeof fromRaw>[0];

/**
 * One page of events, newest first, keyset-paginated on seq. Two steps: the page's seqs come
 * from an index-only scan of the index led by the most selective filter (every filter column
 * is in each index), then the rows by primary key, so deep and combined filters stay fast.
 */
export async function listAuditEvents(
  db: Db,
  filter: AuditFilter,
): Promise<{ events: AuditRecord[]; nextBefore?: number }> {
  const { sql, values } = whereSql(filter);
  const seqs = await db.$queryRawUnsafe<{ seq: bigint }[]>(
    `SELECT seq FROM "AuditEvent"${sql} ORDER BY seq DESC LIMIT ${filter.limit + 1}`,
    ...values,
  );
  const pageSeqs = seqs.slice(0, filter.limit).map((r) => r.seq);
  const rows = pageSeqs.length
    ? await db.auditEvent.findMany({ where: { seq: { in: pageSeqs } }, orderBy: { seq: "desc" } })
    : [];
  const page = rows.map((r) => fromRaw(r as unknown as Row));
  return { events: page, nextBefore: seqs.length > filter.limit ? page[page.length - 1]?.seq : undefined };
}

/** Equality on the indexed columns (values bound, never interpolated). */
function whereSql(f: AuditFilter): { sql: string; values: unknown[] } {
  const clauses: string[] = [];
  const values: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    values.push(value);
    clauses.push(clause.replace("?", `$${values.length}`));
  };
  if (f.actor) add(`"actorName" = ?`, f.actor);
  if (f.action) add(`action = ?`, f.action);
  if (f.target) add(`target = ?`, f.target);
  if (f.outcome) add(`outcome = ?`, f.outcome);
  if (f.runId) add(`"runId" = ?`, f.runId);
  if (f.from) add(`at >= ?`, f.from);
  if (f.to) add(`at <= ?`, f.to);
  if (f.before) add(`seq < ?`, BigInt(f.before));
  return { sql: clauses.length ? ` WHERE ${clauses.join(" AND ")}` : "", values };
}

/** Every matching event, oldest first, in pages: for exports of any size without holding them all. */
export async function* iterateAuditEvents(
  db: Db,
  filter: Omit<AuditFilter, "limit" | "before">,
): AsyncGenerator<AuditRecord> {
  let after = 0n;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { ...whereOf({ ...filter, limit: 1 }), seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: 5000,
    });
    for (const r of rows) yield fromRaw(r as unknown as Row);
    if (rows.length < 5000) return;
    after = rows[rows.length - 1].seq;
  }
}

function whereOf(f: AuditFilter) {
  return {
    actorName: f.actor,
    action: f.action,
    target: f.target,
    outcome: f.outcome,
    runId: f.runId,
    at: f.from || f.to ? { gte: f.from, lte: f.to } : undefined,
    seq: f.before ? { lt: BigInt(f.before) } : undefined,
  };
}

/** Every field, in chain order: an export can be re-hashed and checked record by record. */
const CSV_COLUMNS = AUDIT_FIELD_NAMES;

export function csvHeader(): string {
  return CSV_COLUMNS.join(",") + "\r\n";
}

/** RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function csvRow(r: AuditRecord): string {
  return (
    CSV_COLUMNS.map((c) => {
      const v = r[c];
      let text = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
      if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    }).join(",") + "\r\n"
  );
}
