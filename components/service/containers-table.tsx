"use client";

import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ContainerView } from "@/lib/containers/schemas";
import { formatBytes, formatDuration, formatPercent, formatTime } from "./format";
import type { ContainerLiveStats } from "./use-container-stats";

const HEALTH_TONE = { healthy: "up", unhealthy: "down", starting: "degraded", none: "neutral" } as const;

/** The service's containers with live CPU and memory; stopped ones say how they ended. */
export function ContainersTable({
  containers,
  stats,
  now,
}: {
  containers: ContainerView[];
  stats: Record<string, ContainerLiveStats>;
  now: number;
}) {
  return (
    <Table data-testid="containers-table">
      <TableHeader>
        <TableRow>
          <TableHead>Container</TableHead>
          <TableHead>State</TableHead>
          <TableHead>Health</TableHead>
          <TableHead>Restarts</TableHead>
          <TableHead>Uptime</TableHead>
          <TableHead>CPU</TableHead>
          <TableHead>Memory</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {containers.map((c) => {
          const live = stats[c.id];
          const running = c.state === "running";
          return (
            <TableRow key={c.id} data-testid={`container-${c.name}`} data-state={c.state}>
              <TableCell>
                <span className="font-medium">{c.name}</span>
                <span className="block text-xs break-all text-muted-foreground">
                  {c.image} · {c.id.slice(0, 12)}
                </span>
              </TableCell>
              <TableCell>
                <Badge tone={running ? "up" : c.state === "restarting" ? "degraded" : "down"}>
                  {c.state}
                </Badge>
                {!running && (
                  <span className="block text-xs text-muted-foreground">
                    {c.oomKilled ? "killed: out of memory" : `exit code ${c.exitCode}`}
                    {c.finishedAt && ` · ${formatTime(c.finishedAt)}`}
                  </span>
                )}
              </TableCell>
              <TableCell>
                <Badge tone={HEALTH_TONE[c.health]}>
                  {c.health === "none" ? "no healthcheck" : c.health}
                </Badge>
              </TableCell>
              <TableCell className="tabular-nums">{c.restartCount}</TableCell>
              <TableCell>
                {running && c.startedAt ? (
                  <time dateTime={c.startedAt} title={`started ${formatTime(c.startedAt)}`}>
                    {formatDuration(now - Date.parse(c.startedAt))}
                  </time>
                ) : (
                  "—"
                )}
              </TableCell>
              <TableCell className="tabular-nums" data-testid="container-cpu">
                {running ? formatPercent(live?.point?.cpuPercent) : "—"}
              </TableCell>
              <TableCell className="tabular-nums" data-testid="container-memory">
                {running && live?.point ? (
                  <>
                    {formatBytes(live.point.memoryBytes)}
                    {live.point.memoryPercent !== null && (
                      <span className="text-muted-foreground">
                        {" "}
                        ({formatPercent(live.point.memoryPercent)})
                      </span>
                    )}
                  </>
                ) : (
                  "—"
                )}
                {running && live?.note && (
                  <span className="block text-xs text-muted-foreground">{live.note}</span>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
