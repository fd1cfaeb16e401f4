"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { ServiceHistory } from "@/lib/monitor/service-views";
import { AXIS_TICK, labelTime, tickFormatter, ticksFor } from "./chart-format";
import { isolatedDot } from "./isolated-dot";

type Metric = ServiceHistory["metrics"][number];

/** A check's metric (queue depth, point count ...) with its warn and critical lines from config. */
export function MetricChart({ history, metric }: { history: ServiceHistory; metric: Metric }) {
  const data = history.starts.map((t, i) => ({ t, avg: metric.avg[i], max: metric.max[i] }));
  const unit = metric.unit ? ` ${metric.unit}` : "";
  return (
    <figure data-testid={`metric-chart-${metric.checkId}-${metric.name}`} className="min-w-0">
      <figcaption className="mb-1 text-sm font-medium">
        {metric.name}
        {unit && ` (${metric.unit})`} · check {metric.checkId}
        {metric.warn && <span className="text-warning"> · warn {metric.warn.text}</span>}
        {metric.critical && <span className="text-danger"> · critical {metric.critical.text}</span>}
      </figcaption>
      <LineChart
        responsive
        style={{ width: "100%", height: 200 }}
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
        <YAxis width={64} tick={AXIS_TICK} />
        <Tooltip labelFormatter={labelTime} formatter={(v) => (v === null ? "—" : `${v}${unit}`)} />
        {metric.warn && (
          <ReferenceLine
            y={metric.warn.value}
            stroke="#b45309"
            strokeDasharray="6 3"
            ifOverflow="extendDomain"
            label={{
              value: `warn ${metric.warn.text}`,
              position: "insideTopLeft",
              fontSize: 11,
              className: "fill-warning",
            }}
          />
        )}
        {metric.critical && (
          <ReferenceLine
            y={metric.critical.value}
            stroke="#b91c1c"
            strokeDasharray="6 3"
            ifOverflow="extendDomain"
            label={{
              value: `critical ${metric.critical.text}`,
              position: "insideTopLeft",
              fontSize: 11,
              className: "fill-danger",
            }}
          />
        )}
        <Line
          dataKey="max"
          name="max"
          stroke="#94a3b8"
          dot={false}
          strokeWidth={1}
          isAnimationActive={false}
        />
        <Line
          dataKey="avg"
          name="mean"
          stroke="#2563eb"
          dot={isolatedDot(metric.avg, "#2563eb")}
          strokeWidth={2}
          isAnimationActive={false}
        />
      </LineChart>
    </figure>
  );
}
