import type { AuditRecord } from "./schemas";

/**
 * The one list of an audit record's columns, in chain order, with their Postgres types: the
 * writer inserts them, the readers and the verification workers select them, and the CSV export
 * writes them, all from here.
 */
export const AUDIT_FIELDS = [
  ["seq", "bigint"],
  ["eventId", "text"],
  ["at", "timestamp(3)"],
  ["actorType", "text"],
  ["actorId", "text"],
  ["actorName", "text"],
  ["role", "text"],
  ["sourceIp", "text"],
  ["userAgent", "text"],
  ["action", "text"],
  ["target", "text"],
  ["params", "jsonb"],
  ["outcome", "text"],
  ["durationMs", "integer"],
  ["requestId", "text"],
  ["runId", "text"],
  ["message", "text"],
  ["prevHash", "text"],
  ["hash", "text"],
] as const satisfies readonly (readonly [keyof AuditRecord, string])[];

export type AuditField = (typeof AUDIT_FIELDS)[number][0];
export const AUDIT_FIELD_NAMES: readonly AuditField[] = AUDIT_FIELDS.map(([name]) => name);

/** A column as SQL names it: camelCase names are quoted. */
export function column(name: AuditField): string {
  return /^[a-z]+$/.test(name) ? name : `"${name}"`;
}

/** Every column as stored. */
export const AUDIT_SELECT = AUDIT_FIELD_NAMES.map(column).join(", ");

/**
 * Every column as the text the hash is computed from (seq as text, `at` in ISO form with
 * milliseconds, params as JSON text): for readers that take rows as arrays of strings.
 */
export const AUDIT_SELECT_TEXT = AUDIT_FIELD_NAMES.map((name) =>
  name === "seq"
    ? `seq::text`
    : name === "at"
      ? `to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : name === "params"
        ? `params::text`
        : column(name),
).join(", ");

/**
 * A row selected with AUDIT_SELECT_TEXT (as an array) back into a record. Refers to nothing
 * outside itself when `names` is given: the verification workers run it from its source text.
 */
export function recordFromTextRow(
  row: readonly unknown[],
  names: readonly string[] = AUDIT_FIELD_NAMES,
): AuditRecord {
  const record = Object.fromEntries(names.map((name, i) => [name, row[i]])) as Record<string, unknown>;
  return {
    ...(record as unknown as AuditRecord),
    seq: Number(record.seq),
    params: record.params === null ? null : JSON.parse(record.params as string),
  };
}
