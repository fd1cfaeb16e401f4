"use client";

import { StateBadge } from "@/components/service-map/state-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ServiceDetail } from "@/lib/monitor/service-views";
import { CheckDetail } from "./check-detail";
import { formatAgo, formatDuration, formatIn, formatTime } from "./format";

/** Each check's last result, why, how fast, and when it runs next. */
export function ChecksTable({ service, now }: { service: ServiceDetail; now: number }) {
  if (service.checks.length === 0)
    return (
      <p className="text-sm text-muted-foreground">
        No checks: add one under this service in opsdeck.yml (kinds: http, tcp, postgres, redis, qdrant,
        docker, exec), or an <code>opsdeck.check.&lt;id&gt;.kind</code> label on its containers.
      </p>
    );
  return (
    <Table data-testid="checks-table">
      <TableHeader>
        <TableRow>
          <TableHead>Check</TableHead>
          <TableHead>State</TableHead>
          <TableHead>Last result</TableHead>
          <TableHead>Latency</TableHead>
          <TableHead>Last run</TableHead>
          <TableHead>Next run</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {service.checks.map((c) => (
          <TableRow key={c.id} data-testid={`check-${c.id}`} data-state={c.status}>
            <TableCell>
              <span className="font-medium">{c.name ?? c.id}</span>
              <span className="block text-xs text-muted-foreground">
                {c.kind}
                {c.intervalMs ? ` · every ${formatDuration(c.intervalMs)}` : ""}
              </span>
            </TableCell>
            <TableCell>
              <StateBadge state={c.status} />
            </TableCell>
            <TableCell className="max-w-md break-words">
              {c.reason}
              {c.metrics && Object.keys(c.metrics).length > 0 && (
                <span className="block text-xs text-muted-foreground">
                  {Object.entries(c.metrics)
                    .map(
                      ([k, v]) =>
                        `${k} ${v}${c.metric?.name === k && c.metric.unit ? ` ${c.metric.unit}` : ""}`,
                    )
                    .join(" · ")}
                  {c.metric?.warn && ` · warn ${c.metric.warn.text}`}
                  {c.metric?.critical && ` · critical ${c.metric.critical.text}`}
                </span>
              )}
              {c.hasDetail && <CheckDetail serviceId={service.id} checkId={c.id} />}
            </TableCell>
            <TableCell className="tabular-nums">
              {c.latencyMs === undefined ? "—" : `${c.latencyMs} ms`}
            </TableCell>
            <TableCell>
              <time dateTime={c.lastRunAt} title={formatTime(c.lastRunAt)}>
                {formatAgo(c.lastRunAt, now)}
              </time>
            </TableCell>
            <TableCell>{formatIn(c.nextRunAt, now)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
