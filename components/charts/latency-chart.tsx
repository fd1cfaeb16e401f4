"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { ServiceHistory } from "@/lib/monitor/service-views";
import { AXIS_TICK, labelTime, SERIES_COLORS, tickFormatter, ticksFor } from "./chart-format";
import { isolatedDot } from "./isolated-dot";

/** Mean check latency per bucket, one line per check; gaps where nothing ran. */
export function LatencyChart({ history }: { history: ServiceHistory }) {
  const data = history.starts.map((t, i) => {
    const row: Record<string, number | null> = { t };
    for (const c of history.checks) row[c.checkId] = c.avgLatency[i];
    return row;
  });
  return (
    <figure data-testid="latency-chart" className="min-w-0">
      <figcaption className="mb-1 text-sm font-medium">
        Latency (mean per {bucketLabel(history.bucketMs)}, ms)
      </figcaption>
      <LineChart
        responsive
        style={{ width: "100%", height: 220 }}
        data={data}
        margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={[history.from, history.to]}
          ticks={ticksFor(history.from, history.to, history.range)}
          tickFormatter={tickFormatter(history.range)}
          tick={AXIS_TICK}
        />
        <YAxis unit=" ms" width={64} tick={AXIS_TICK} allowDecimals={false} />
        <Tooltip labelFormatter={labelTime} formatter={(v) => (v === null ? "—" : `${v} ms`)} />
        {history.checks.length > 1 && (
          <Legend formatter={(value) => <span className="text-foreground">{value}</span>} />
        )}
        {history.checks.map((c, i) => (
          <Line
            key={c.checkId}
            dataKey={c.checkId}
            name={c.checkId}
            stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
            dot={isolatedDot(c.avgLatency, SERIES_COLORS[i % SERIES_COLORS.length])}
            strokeWidth={2}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </figure>
  );
}

export function bucketLabel(ms: number): string {
  return ms >= 3_600_000 ? `${ms / 3_600_000} h` : `${ms / 60_000} min`;
}
