import "server-only";
import { Client, Query, type FieldDef, type QueryArrayConfig } from "pg";
import { scrubSecrets, urlSecrets } from "@/lib/probes/target";
import { abortable, describeError } from "@/lib/probes/verdict";

/**
 * A declared query in a READ ONLY transaction with a statement timeout. Rows are counted as
 * they arrive and only the first `maxRows` are kept, so a large result costs no memory. A
 * named (prepared) statement makes Postgres refuse `...; COMMIT; DELETE ...`.
 */

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
  rowCount: number;
  truncated: boolean;
}

export interface QueryOptions {
  url: string;
  query: string;
  values: unknown[];
  maxRows: number;
  timeoutMs: number;
  signal: AbortSignal;
}

export async function readOnlyQuery(o: QueryOptions): Promise<QueryResult> {
  const secrets = urlSecrets(o.url);
  const client = new Client({
    connectionString: o.url,
    connectionTimeoutMillis: Math.min(o.timeoutMs, 10_000),
    application_name: "opsdeck-action",
  });
  // No query_timeout: pg then sets a callback on submitted queries, which swallows their "error"
  // event and buffers every row. statement_timeout and the run's signal bound the time instead.
  // A dropped connection emits "error" on the client; the awaited call reports it.
  client.on("error", () => {});
  const cancel = () => void client.end().catch(() => {});
  try {
    await abortable(client.connect(), o.signal, cancel);
    await abortable(client.query("BEGIN READ ONLY"), o.signal, cancel);
    // SET cannot take a bind parameter; the value is an integer we computed.
    await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(o.timeoutMs))}`);
    return await abortable(collect(client, o), o.signal, cancel);
  } catch (error) {
    o.signal.throwIfAborted();
    throw new Error(`postgres: ${scrubSecrets(describeError(error), secrets)}`);
  } finally {
    await client.query("ROLLBACK").catch(() => {});
    await client.end().catch(() => {});
  }
}

function collect(client: Client, o: QueryOptions): Promise<QueryResult> {
  return new Promise((resolve, reject) => {
    const config: QueryArrayConfig = {
      name: "opsdeck_action_query",
      text: o.query,
      values: o.values,
      rowMode: "array",
    };
    const query = new Query(config);
    const rows: unknown[][] = [];
    let count = 0;
    let fields: FieldDef[] = [];
    query.on("row", (row: unknown[], result?: { fields?: FieldDef[] }) => {
      if (count === 0 && result?.fields) fields = result.fields;
      count++;
      if (rows.length < o.maxRows) rows.push(row.map(jsonSafe));
    });
    query.on("end", (result: { fields?: FieldDef[]; rowCount?: number | null }) => {
      const columns = (result.fields?.length ? result.fields : fields).map((f) => f.name);
      resolve({ columns, rows, rowCount: count, truncated: count > rows.length });
    });
    query.on("error", reject);
    client.query(query);
  });
}

/** Values as JSON: dates as ISO text, bytea as hex, big numbers stay the strings pg gives. */
function jsonSafe(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Buffer.isBuffer(value)) {
    const hex = value.subarray(0, 512).toString("hex");
    return `\\x${hex}${value.length > 512 ? "…" : ""}`;
  }
  if (typeof value === "string" && value.length > 10_000) return `${value.slice(0, 10_000)}…`;
  return value;
}

/** A compact text table for the run output: cells cut at 40 characters, no line breaks. */
export function textTable(columns: string[], rows: unknown[][]): string[] {
  const cell = (v: unknown) => {
    const text =
      v === null || v === undefined ? "NULL" : typeof v === "object" ? JSON.stringify(v) : String(v);
    const flat = text.replace(/[\r\n\t]+/g, " ");
    return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
  };
  const body = rows.map((r) => r.map(cell));
  const widths = columns.map((c, i) => Math.max(c.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join(" | ")
      .trimEnd();
  return [line(columns), widths.map((w) => "-".repeat(w)).join("-+-"), ...body.map(line)];
}
