"use client";

import { useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useServiceHistory } from "@/components/service/use-service";
import { formatDuration, formatPercent } from "@/components/service/format";
import { HISTORY_RANGES, type HistoryRange } from "@/lib/monitor/history";
import type { ServiceHistory } from "@/lib/monitor/service-views";
import { LatencyChart } from "./latency-chart";
import { MetricChart } from "./metric-chart";
import { StateTimeline } from "./state-timeline";
import { UptimeChart } from "./uptime-chart";

const RANGES = Object.keys(HISTORY_RANGES) as HistoryRange[];
const RANGE_LABEL: Record<HistoryRange, string> = { "1h": "1 hour", "24h": "24 hours", "7d": "7 days" };

/** Latency, uptime, state timeline and metrics over 1 h, 24 h or 7 d. */
export function HistoryPanel({
  serviceId,
  version,
  hasChecks,
}: {
  serviceId: string;
  version: string;
  hasChecks: boolean;
}) {
  const [range, setRange] = useState<HistoryRange>("1h");
  const { data, error, isPending } = useServiceHistory(serviceId, range, version);
  const samples = data?.checks.reduce((n, c) => n + c.total, 0) ?? 0;

  return (
    <div className="space-y-4" data-testid="history">
      <div className="flex flex-wrap items-center gap-4">
        <div
          role="group"
          aria-label="Time range"
          className="inline-flex rounded-md border border-border p-0.5"
        >
          {RANGES.map((r) => (
            <button
              key={r}
              type="button"
              aria-pressed={range === r}
              onClick={() => setRange(r)}
              className={`rounded px-3 py-1 text-sm ${range === r ? "bg-primary text-primary-foreground" : "hover:bg-accent"}`}
            >
              {r}
              <span className="sr-only"> (last {RANGE_LABEL[r]})</span>
            </button>
          ))}
        </div>
        {data && (
          <dl className="flex flex-wrap gap-4 text-sm" data-testid="uptime-summary">
            {RANGES.map((r) => (
              <div key={r} className="flex gap-1.5">
                <dt className="text-muted-foreground">Uptime {r}</dt>
                <dd className="font-medium tabular-nums">
                  {formatPercent(data.uptime[r], 2)}
                  {data.maintenanceMs?.[r] > 0 && (
                    <span
                      className="ml-1 font-normal text-muted-foreground"
                      data-testid={`uptime-maintenance-${r}`}
                    >
                      (excludes {formatDuration(data.maintenanceMs[r])} of maintenance)
                    </span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </div>

      {isPending ? (
        <div role="status" aria-live="polite">
          <span className="sr-only">Loading history…</span>
          <Skeleton className="h-6 w-full" />
          <Skeleton className="mt-4 h-56 w-full" />
        </div>
      ) : error && !data ? (
        <EmptyState tone="warning" title="History is not available" headingLevel="h3">
          <p>{error.message}</p>
        </EmptyState>
      ) : data ? (
        <>
          <StateTimeline history={data} />
          {samples === 0 ? (
            <EmptyState title={`No check results in the last ${RANGE_LABEL[range]}`} headingLevel="h3">
              <p>
                {hasChecks
                  ? "Results are recorded with every check run; the charts fill in as they arrive (the database may also have been unreachable)."
                  : "This service has no checks, so there is no latency or uptime to chart. Add a check in opsdeck.yml."}
              </p>
            </EmptyState>
          ) : (
            <div className="grid gap-6 xl:grid-cols-2">
              <LatencyChart history={data} />
              <UptimeChart history={data} />
            </div>
          )}
          <MetricCharts history={data} />
          {data.metrics.length > 0 && range === "7d" && (
            <p className="text-xs text-muted-foreground">
              Metric history comes from raw samples, kept for {formatDuration(data.rawRetentionMs)}{" "}
              (settings.retention.raw).
            </p>
          )}
        </>
      ) : null}
    </div>
  );
}

/** Declared metrics (with warn and critical lines) first; what probes record anyway on request. */
function MetricCharts({ history }: { history: ServiceHistory }) {
  const declared = history.metrics.filter((m) => m.declared);
  const other = history.metrics.filter((m) => !m.declared);
  const grid = (list: ServiceHistory["metrics"]) => (
    <div className="grid gap-6 xl:grid-cols-2">
      {list.map((m) => (
        <MetricChart key={`${m.checkId}.${m.name}`} history={history} metric={m} />
      ))}
    </div>
  );
  return (
    <>
      {declared.length > 0 && grid(declared)}
      {other.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer text-muted-foreground">
            Other recorded numbers ({other.map((m) => m.name).join(", ")})
          </summary>
          <div className="mt-3">{grid(other)}</div>
        </details>
      )}
    </>
  );
}
