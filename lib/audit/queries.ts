import "server-only";
import type { Db } from "@/lib/infra/db";
import { fromRaw } from "./verify";
import type { AuditFilter, AuditRecord } from "./schemas";

type Row = Parameters<typeof fromRaw>[0];

/** One page of events, newest first, keyset-paginated on seq so deep pages stay fast. */
export async function listAuditEvents(
  db: Db,
  filter: AuditFilter,
): Promise<{ events: AuditRecord[]; nextBefore?: number }> {
  const rows = await db.auditEvent.findMany({
    where: whereOf(filter),
    orderBy: { seq: "desc" },
    take: filter.limit + 1,
  });
  const page = rows.slice(0, filter.limit).map((r) => fromRaw(r as unknown as Row));
  return { events: page, nextBefore: rows.length > filter.limit ? page[page.length - 1]?.seq : undefined };
}

/** Every matching event, oldest first, in pages: for exports of any size without holding them all. */
export async function* iterateAuditEvents(
  db: Db,
  filter: Omit<AuditFilter, "limit" | "before">,
): AsyncGenerator<AuditRecord> {
  let after = 0n;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { ...whereOf({ ...filter, limit: 0 }), seq: { gt: after } },
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
    actorName: f.actor ? { contains: f.actor, mode: "insensitive" as const } : undefined,
    action: f.action ? { startsWith: f.action } : undefined,
    target: f.target ? { contains: f.target } : undefined,
    outcome: f.outcome,
    runId: f.runId,
    at: f.from || f.to ? { gte: f.from, lte: f.to } : undefined,
    seq: f.before ? { lt: BigInt(f.before) } : undefined,
  };
}

const CSV_COLUMNS: (keyof AuditRecord)[] = [
  "seq",
  "at",
  "actorType",
  "actorName",
  "role",
  "sourceIp",
  "userAgent",
  "action",
  "target",
  "outcome",
  "durationMs",
  "requestId",
  "runId",
  "message",
  "params",
  "prevHash",
  "hash",
];

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
