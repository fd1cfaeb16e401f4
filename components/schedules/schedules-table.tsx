"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { LocalTime } from "@/components/actions/local-time";
import { fetchJson } from "@/components/service/fetch-json";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ScheduleRunView, ScheduleView } from "@/lib/schedules/schemas";
import { RunStatusBadge } from "./run-status";
import { ScheduleControls } from "./schedule-controls";

type Data = { schedules: ScheduleView[]; timeZone: string };

/** The schedules, refreshed every few seconds: next and last run, recent outcomes, controls. */
export function SchedulesTable({ initial, canManage }: { initial: Data; canManage: boolean }) {
  const client = useQueryClient();
  const { data } = useQuery({
    queryKey: ["schedules"],
    queryFn: ({ signal }) => fetchJson<Data>("/api/v1/schedules", signal),
    initialData: initial,
    refetchInterval: 5_000,
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ["schedules"] });
  if (!data.schedules.length)
    return (
      <EmptyState title="No schedules">
        Declare them under <code>schedules:</code> in opsdeck.yml (docs/schedules.md): a cron expression, a
        time zone, and the action or playbook to run.
      </EmptyState>
    );
  return (
    <Table data-testid="schedules-table">
      <TableHeader>
        <TableRow>
          <TableHead>Schedule</TableHead>
          <TableHead>Runs</TableHead>
          <TableHead>Next</TableHead>
          <TableHead>Last</TableHead>
          <TableHead>Recent</TableHead>
          <TableHead className="text-right">
            <span className="sr-only">Controls</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {data.schedules.map((s) => (
          <TableRow key={s.id} data-testid={`schedule-${s.id}`}>
            <TableCell className="max-w-xs">
              <div className="font-medium">{s.name}</div>
              <div className="text-xs text-muted-foreground">
                <code>{s.cron}</code> · {s.timeZone}
                {s.keep ? ` · keeps ${s.keep}` : ""}
              </div>
              {s.paused && (
                <div className="mt-1 text-xs" data-testid="schedule-paused">
                  <Badge tone="degraded">paused</Badge> by {s.paused.by}
                  {s.paused.reason ? `: ${s.paused.reason}` : ""}
                </div>
              )}
              {!s.enabled && <Badge tone="unknown">disabled in config</Badge>}
              {s.problem && (
                <div className="mt-1 text-xs text-danger" data-testid="schedule-problem">
                  <span aria-hidden="true">▲ </span>
                  {s.problem}
                </div>
              )}
            </TableCell>
            <TableCell className="text-xs">
              <Target schedule={s} />
              <div className="text-muted-foreground">
                as {s.role} · overlap {s.overlap} · catch-up {s.catchUp}
              </div>
            </TableCell>
            <TableCell className="text-xs" data-testid="schedule-next">
              {s.next ? <LocalTime iso={s.next} /> : "—"}
            </TableCell>
            <TableCell className="text-xs" data-testid="schedule-last">
              {s.last ? <LastRun run={s.last} /> : "never"}
            </TableCell>
            <TableCell>
              <ol
                className="flex gap-0.5"
                aria-label={`Last ${s.recent.length} runs of ${s.name}, newest first`}
              >
                {s.recent.map((r) => (
                  <li key={r.id} title={`${r.occurrence}: ${r.status}${r.message ? ` — ${r.message}` : ""}`}>
                    <RunDot status={r.status} />
                  </li>
                ))}
              </ol>
            </TableCell>
            <TableCell className="text-right">
              <ScheduleControls schedule={s} canManage={canManage} onDone={refresh} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Target({ schedule }: { schedule: ScheduleView }) {
  const t = schedule.target;
  if (t.kind === "action")
    return (
      <span>
        action <code>{t.action}</code> on{" "}
        <Link className="underline" href={`/services/${encodeURIComponent(t.service)}`}>
          {t.service}
        </Link>
      </span>
    );
  return (
    <span>
      playbook <code>{t.playbook}</code>
      {t.service ? ` about ${t.service}` : ""}
    </span>
  );
}

function LastRun({ run }: { run: ScheduleRunView }) {
  return (
    <div className="space-y-0.5">
      <div className="flex items-center gap-1.5">
        <RunStatusBadge status={run.status} />
        <LocalTime iso={run.startedAt ?? run.occurrence} />
      </div>
      {run.trigger !== "cron" && (
        <div className="text-muted-foreground">
          {run.trigger}
          {run.requestedBy ? ` by ${run.requestedBy}` : ""}
        </div>
      )}
      {run.message && (
        <div className="max-w-xs text-muted-foreground" data-testid="schedule-last-message">
          {run.message}
        </div>
      )}
      {run.actionRunId && (
        <Link className="underline" href={`/actions/runs/${run.actionRunId}`}>
          output
        </Link>
      )}
      {run.playbookRunId && (
        <Link className="underline" href={`/playbooks/runs/${run.playbookRunId}`}>
          playbook run
        </Link>
      )}
    </div>
  );
}

const DOT: Record<ScheduleRunView["status"], string> = {
  succeeded: "bg-green-600",
  running: "bg-blue-600",
  queued: "bg-zinc-400",
  failed: "bg-red-600",
  missed: "bg-amber-500",
  skipped: "bg-zinc-300 dark:bg-zinc-600",
  cancelled: "bg-zinc-300 dark:bg-zinc-600",
};

function RunDot({ status }: { status: ScheduleRunView["status"] }) {
  return (
    <span className={`block h-3 w-2 rounded-sm ${DOT[status]}`}>
      <span className="sr-only">{status}</span>
    </span>
  );
}
