"use client";

import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from "recharts";
import type { ServiceHistory } from "@/lib/monitor/service-views";
import { AXIS_TICK, labelTime, tickFormatter, ticksFor } from "./chart-format";
import { bucketLabel } from "./latency-chart";

/** Per bucket, the worst check's share of samples that were not down. */
export function UptimeChart({ history }: { history: ServiceHistory }) {
  const data = history.starts.map((t, i) => {
    const values = history.checks.map((c) => c.uptime[i]).filter((v): v is number => v !== null);
    return { t, uptime: values.length ? Math.min(...values) : null };
  });
  return (
    <figure data-testid="uptime-chart" className="min-w-0">
      <figcaption className="mb-1 text-sm font-medium">
        Checks passing (worst check, % of samples per {bucketLabel(history.bucketMs)})
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
        <Tooltip labelFormatter={labelTime} formatter={(v) => (v === null ? "no samples" : `${v} %`)} />
        <Bar dataKey="uptime" name="passing" isAnimationActive={false}>
          {data.map((d) => (
            <Cell
              key={d.t}
              fill={
                d.uptime === null
                  ? "transparent"
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
