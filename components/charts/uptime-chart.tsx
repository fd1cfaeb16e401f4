"use client";

import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from "recharts";
import type { ServiceHistory } from "@/lib/monitor/service-views";
import { AXIS_TICK, labelTime, tickFormatter, ticksFor } from "./chart-format";
import { bucketLabel } from "./latency-chart";

/**
 * Per bucket, the worst check's share of samples that were not down, out of those taken outside
 * maintenance. A bucket whose samples were all under maintenance shows as a maintenance bar.
 */
export function UptimeChart({ history }: { history: ServiceHistory }) {
  const data = history.starts.map((t, i) => {
    const values = history.checks.map((c) => c.uptime[i]).filter((v): v is number => v !== null);
    const maintenance = Math.max(0, ...history.checks.map((c) => c.maintenance[i] ?? 0));
    const uptime = values.length ? Math.min(...values) : null;
    // Only a bucket with nothing else to show becomes a maintenance bar (full height, its colour).
    return { t, uptime, maintenance, bar: uptime ?? (maintenance > 0 ? 100 : null) };
  });
  const excluded = data.some((d) => d.maintenance > 0);
  return (
    <figure data-testid="uptime-chart" className="min-w-0">
      <figcaption className="mb-1 text-sm font-medium">
        Checks passing (worst check, % of samples per {bucketLabel(history.bucketMs)})
        {excluded && (
          <span className="font-normal text-muted-foreground" data-testid="uptime-chart-maintenance">
            {" "}
            · samples under maintenance are left out
          </span>
        )}
      </figcaption>
      <BarChart
        responsive
        style={{ width: "100%", height: 140 }}
        data={data}
        margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} className="stroke-border" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={[history.from - history.bucketMs / 2, history.to]}
          ticks={ticksFor(history.from, history.to, history.range)}
          tickFormatter={tickFormatter(history.range)}
          tick={AXIS_TICK}
        />
        <YAxis domain={[0, 100]} unit=" %" width={64} tick={AXIS_TICK} ticks={[0, 50, 100]} />
        <Tooltip
          labelFormatter={labelTime}
          formatter={(_v, _name, item) => tooltipText(item.payload as (typeof data)[number])}
        />
        <Bar dataKey="bar" name="passing" isAnimationActive={false}>
          {data.map((d) => (
            <Cell
              key={d.t}
              data-maintenance={d.uptime === null && d.maintenance > 0 ? "true" : undefined}
              fill={
                d.bar === null
                  ? "transparent"
                  : d.uptime === null
                    ? "var(--color-state-maintenance)"
                    : d.uptime >= 99.9
                      ? "#15803d"
                      : d.uptime >= 90
                        ? "#b45309"
                        : "#b91c1c"
              }
            />
          ))}
        </Bar>
      </BarChart>
    </figure>
  );
}

function tooltipText(d: { uptime: number | null; maintenance: number }): string {
  if (d.uptime === null) return d.maintenance > 0 ? "under maintenance (not counted)" : "no samples";
  return d.maintenance > 0
    ? `${d.uptime} % (${d.maintenance} % of samples under maintenance, not counted)`
    : `${d.uptime} %`;
}
