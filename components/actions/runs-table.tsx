import Link from "next/link";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RunView } from "@/lib/actions/schemas";
import { formatRunDuration, runHref, serviceHref } from "./format";
import { LocalTime } from "./local-time";
import { RunStatusBadge } from "./run-status-badge";

/** Runs, newest first; every row leads to the run's page with its output. */
export function RunsTable({
  runs,
  serviceNames,
  showService = true,
  caption,
}: {
  runs: readonly RunView[];
  serviceNames?: Readonly<Record<string, string>>;
  showService?: boolean;
  caption?: string;
}) {
  return (
    <Table data-testid="runs-table">
      {caption && <caption className="sr-only">{caption}</caption>}
      <TableHeader>
        <TableRow>
          <TableHead>Time</TableHead>
          {showService && <TableHead>Service</TableHead>}
          <TableHead>Action</TableHead>
          <TableHead>Target</TableHead>
          <TableHead>By</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Duration</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {runs.map((run) => (
          <TableRow key={run.id} data-testid="run-row" data-run-id={run.id} data-status={run.status}>
            <TableCell className="whitespace-nowrap">
              <LocalTime iso={run.startedAt} />
            </TableCell>
            {showService && (
              <TableCell>
                {run.serviceId ? (
                  <Link className="underline-offset-2 hover:underline" href={serviceHref(run.serviceId)}>
                    {serviceNames?.[run.serviceId] ?? run.serviceId}
                  </Link>
                ) : (
                  "—"
                )}
              </TableCell>
            )}
            <TableCell>
              <Link
                className="font-medium underline underline-offset-2"
                href={runHref(run.id)}
                aria-label={`${run.actionId} on ${run.target}, started ${run.startedAt}: open the run`}
              >
                {run.actionId}
              </Link>
              <span className="block text-xs text-muted-foreground">{run.kind}</span>
            </TableCell>
            <TableCell className="max-w-64 break-words">{run.target}</TableCell>
            <TableCell className="break-all">{run.actorName}</TableCell>
            <TableCell>
              <RunStatusBadge status={run.status} />
            </TableCell>
            <TableCell className="tabular-nums">{formatRunDuration(run.durationMs)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
