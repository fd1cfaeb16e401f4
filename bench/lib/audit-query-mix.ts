import type pg from "pg";
import type { AuditRecord } from "@/lib/audit/schemas";
import { ACTIONS, ACTORS, OUTCOMES, TARGETS } from "./audit-data";

/**
 * The audit page's filters as a person uses them: one to three of actor / action / target /
 * outcome / time range (exact values, as lib/audit/queries.ts matches them), and sometimes a
 * deep page (a `before` cursor). Raw strings, as they arrive in the page's query string.
 */
export type RawFilter = Record<string, string>;

const WINDOWS_MS = [3_600_000, 6 * 3_600_000, 86_400_000, 7 * 86_400_000];

export function queryMix(
  count: number,
  random: () => number,
  span: { from: Date; ms: number; maxSeq: number },
): RawFilter[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const out: RawFilter[] = [];
  while (out.length < count) {
    const f: RawFilter = { limit: "100" };
    if (random() < 0.4) f.actor = pick(ACTORS).name;
    if (random() < 0.4) f.action = pick(ACTIONS);
    if (random() < 0.3) f.target = pick(TARGETS);
    if (random() < 0.3) f.outcome = pick(OUTCOMES);
    if (random() < 0.3) {
      const len = pick(WINDOWS_MS);
      const start = span.from.getTime() + random() * (span.ms - len);
      f.from = new Date(start).toISOString();
      f.to = new Date(start + len).toISOString();
    }
    if (Object.keys(f).length === 1) continue; // at least one filter
    if (random() < 0.2) f.before = String(1 + Math.floor(random() * span.maxSeq));
    out.push(f);
  }
  return out;
}

/** Why a page does not answer its filter, or null: a wrong result must not pass for a fast one. */
export function pageProblem(f: RawFilter, events: AuditRecord[]): string | null {
  if (events.length > Number(f.limit)) return `${events.length} events for limit ${f.limit}`;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (i > 0 && e.seq >= events[i - 1].seq) return `not newest first at seq ${e.seq}`;
    if (f.actor && e.actorName !== f.actor) return `seq ${e.seq}: actor ${e.actorName}, not ${f.actor}`;
    if (f.action && e.action !== f.action) return `seq ${e.seq}: action ${e.action}, not ${f.action}`;
    if (f.target && e.target !== f.target) return `seq ${e.seq}: target ${e.target}, not ${f.target}`;
    if (f.outcome && e.outcome !== f.outcome) return `seq ${e.seq}: outcome ${e.outcome}`;
    if (f.from && e.at < new Date(f.from).toISOString()) return `seq ${e.seq}: at ${e.at} before ${f.from}`;
    if (f.to && e.at > new Date(f.to).toISOString()) return `seq ${e.seq}: at ${e.at} after ${f.to}`;
    if (f.before && e.seq >= Number(f.before)) return `seq ${e.seq} not before ${f.before}`;
  }
  return null;
}

/** The same page by plain SQL, outside the timing: the app's page must hold exactly these seqs. */
export async function referenceSeqs(client: pg.Client, f: RawFilter): Promise<number[]> {
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (sql: string, v: unknown) => where.push(sql.replace("?", `$${values.push(v)}`));
  if (f.actor) add(`"actorName" = ?`, f.actor);
  if (f.action) add(`action = ?`, f.action);
  if (f.target) add(`target = ?`, f.target);
  if (f.outcome) add(`outcome = ?`, f.outcome);
  if (f.from) add(`at >= ?::timestamptz AT TIME ZONE 'UTC'`, f.from);
  if (f.to) add(`at <= ?::timestamptz AT TIME ZONE 'UTC'`, f.to);
  if (f.before) add(`seq < ?`, f.before);
  const { rows } = await client.query<{ seq: string }>(
    `SELECT seq FROM "AuditEvent" ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY seq DESC LIMIT ${Number(f.limit)}`,
    values,
  );
  return rows.map((r) => Number(r.seq));
}

/** A short label for the report: which filters a query used. */
export function filterShape(f: RawFilter): string {
  return Object.keys(f)
    .filter((k) => k !== "limit" && k !== "to")
    .map((k) => (k === "from" ? "time" : k))
    .join("+");
}
