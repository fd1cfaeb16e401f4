import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";

const MAX_JSON_CHARS = 20_000;
const OPEN_BELOW_CHARS = 600;
const MAX_TABLE_ROWS = 500;

interface ResultTable {
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
}

/** A query's `{columns, rows}` result as a table; rows may be arrays or objects by column. */
export function asTable(result: unknown): ResultTable | null {
  if (!result || typeof result !== "object") return null;
  const r = result as { columns?: unknown; rows?: unknown; truncated?: unknown };
  if (!Array.isArray(r.columns) || !Array.isArray(r.rows)) return null;
  const columns = r.columns.map((c) =>
    typeof c === "string" ? c : String((c as { name?: unknown } | null)?.name ?? "?"),
  );
  const rows = r.rows.map((row) =>
    Array.isArray(row)
      ? row
      : row && typeof row === "object"
        ? columns.map((c) => (row as Record<string, unknown>)[c])
        : [row],
  );
  return { columns, rows, truncated: r.truncated === true };
}

function cell(value: unknown): React.ReactNode {
  if (value === null || value === undefined) return <span className="text-muted-foreground">NULL</span>;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** A run's result: a table for query results, and the JSON itself, folded when it is long. */
export function RunResult({ kind, result, runId }: { kind: string; result: unknown; runId?: string }) {
  if (result === undefined || result === null) return null;
  // Files a run saved in the console's data folder (Qdrant snapshots) can be downloaded; the server checks where.
  const file = kind === "qdrant" && typeof (result as { file?: unknown }).file === "string";
  const table = kind === "postgres.query" ? asTable(result) : null;
  let json = JSON.stringify(result, null, 2) ?? "";
  const cut = json.length > MAX_JSON_CHARS;
  if (cut) json = json.slice(0, MAX_JSON_CHARS);
  return (
    <div className="space-y-3">
      {file && runId && (
        <a
          data-testid="run-download"
          href={`/api/v1/runs/${runId}/download`}
          className="inline-flex text-sm font-medium underline underline-offset-2"
        >
          Download the file
        </a>
      )}
      {table && (
        <Table data-testid="run-result-table" className="font-mono text-xs">
          <TableCaption>
            {table.rows.length} {table.rows.length === 1 ? "row" : "rows"}
            {table.truncated && " (cut at the action's row limit)"}
            {table.rows.length > MAX_TABLE_ROWS && `; showing the first ${MAX_TABLE_ROWS}`}
          </TableCaption>
          <TableHeader>
            <TableRow>
              {table.columns.map((c, i) => (
                <TableHead key={i}>{c}</TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {table.rows.slice(0, MAX_TABLE_ROWS).map((row, i) => (
              <TableRow key={i}>
                {row.map((v, j) => (
                  <TableCell key={j} className="whitespace-pre-wrap">
                    {cell(v)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <details open={!table && json.length < OPEN_BELOW_CHARS} className="text-sm">
        <summary className="cursor-pointer font-medium">Result (JSON)</summary>
        <pre
          data-testid="run-result"
          className="mt-2 max-h-64 overflow-auto rounded-md border border-border bg-surface p-2 font-mono text-xs break-all whitespace-pre-wrap"
        >
          {json}
          {cut && "\n… cut here; the whole result is in the run's API answer"}
        </pre>
      </details>
    </div>
  );
}
