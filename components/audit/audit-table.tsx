import Link from "next/link";
import { formatRunDuration, runHref } from "@/components/actions/format";
import { LocalTime } from "@/components/actions/local-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AuditRecord } from "@/lib/audit/schemas";
import { OutcomeBadge } from "./outcome-badge";

const MAX_PARAMS_CHARS = 300;

function compactJson(value: unknown): string {
  if (value === null || value === undefined) return "";
  const json = JSON.stringify(value) ?? "";
  return json.length > MAX_PARAMS_CHARS ? `${json.slice(0, MAX_PARAMS_CHARS)}…` : json;
}

/** Audit events, newest first. Everything is rendered as text: actors and targets are input too. */
export function AuditTable({ events }: { events: readonly AuditRecord[] }) {
  return (
    <Table data-testid="audit-table" className="text-xs">
      <caption className="sr-only">Audit events, newest first</caption>
      <TableHeader>
        <TableRow>
          <TableHead>Time</TableHead>
          <TableHead>Actor</TableHead>
          <TableHead>Source</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Target</TableHead>
          <TableHead>Outcome</TableHead>
          <TableHead>Duration</TableHead>
          <TableHead>Request id</TableHead>
          <TableHead>Params</TableHead>
          <TableHead>Run</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {events.map((e) => (
          <TableRow
            key={e.seq}
            data-testid="audit-row"
            data-seq={e.seq}
            data-action={e.action}
            data-outcome={e.outcome}
            className="align-top"
          >
            <TableCell className="whitespace-nowrap">
              <LocalTime iso={e.at} />
              <span className="block text-muted-foreground">#{e.seq}</span>
            </TableCell>
            <TableCell className="max-w-48 break-all">
              {e.actorName}
              <span className="block text-muted-foreground">
                {e.role ?? "no role"}
                {e.actorType !== "user" && ` · ${e.actorType}`}
              </span>
            </TableCell>
            <TableCell className="max-w-40 break-all" title={e.userAgent ?? undefined}>
              {e.sourceIp ?? "—"}
            </TableCell>
            <TableCell className="font-mono whitespace-nowrap">{e.action}</TableCell>
            <TableCell className="max-w-56 break-words">{e.target ?? "—"}</TableCell>
            <TableCell className="max-w-64">
              <OutcomeBadge outcome={e.outcome} />
              {e.message && <span className="mt-1 block break-words text-muted-foreground">{e.message}</span>}
            </TableCell>
            <TableCell className="tabular-nums">{formatRunDuration(e.durationMs)}</TableCell>
            <TableCell className="max-w-32 font-mono break-all text-muted-foreground">
              {e.requestId ?? "—"}
            </TableCell>
            <TableCell className="max-w-72">
              <code className="font-mono break-all">{compactJson(e.params)}</code>
            </TableCell>
            <TableCell>
              {e.runId ? (
                <Link
                  className="underline underline-offset-2"
                  href={runHref(e.runId)}
                  aria-label={`Output of the ${e.action} run (event ${e.seq})`}
                  data-testid="audit-run-link"
                >
                  Output
                </Link>
              ) : (
                "—"
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
