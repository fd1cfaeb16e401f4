/**
 * Many rows in one statement: `INSERT … SELECT FROM unnest($1::text[], …)`, one array parameter
 * per column. Arrays travel as text[] and are cast in SQL, so node-postgres and PGlite bind them
 * the same way, and the statement text is the same for every batch size. Far cheaper than an
 * ORM `createMany`, which builds a parameter object per value.
 */

export interface RawExecutor {
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
}

/** Column name and its SQL type, e.g. `["at", "timestamp(3)"]`. */
export type BatchColumn = readonly [name: string, sqlType: string];

export function unnestInsertSql(table: string, columns: readonly BatchColumn[]): string {
  const names = columns.map(([c]) => `"${c}"`).join(", ");
  const arrays = columns
    .map(([, type], i) => `$${i + 1}::${type === "text" ? "text[]" : `text[]::${type}[]`}`)
    .join(", ");
  return `INSERT INTO "${table}" (${names}) SELECT * FROM unnest(${arrays})`;
}

/** Inserts `rows` (each one value per column, as text or null); nothing is sent for none. */
export async function insertUnnest(
  db: RawExecutor,
  table: string,
  columns: readonly BatchColumn[],
  rows: readonly (readonly (string | null)[])[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const values = columns.map((_, i) => rows.map((row) => row[i]));
  return db.$executeRawUnsafe(unnestInsertSql(table, columns), ...values);
}
