"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, SERIES_COLORS } from "@/components/charts/chart-format";
import { formatDuration } from "@/components/service/format";
import type { incidentStats } from "@/lib/incidents/stats";

type Stats = ReturnType<typeof incidentStats>;

/** Incidents per severity, and the mean time to acknowledge and to resolve per severity (minutes). */
export function IncidentStats({ stats, order }: { stats: Stats; order: string[] }) {
  const data = [...stats.perSeverity]
    .sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity))
    .map((s) => ({
      severity: s.severity,
      count: s.count,
      acknowledge: s.meanAcknowledgeMs === null ? null : Math.round(s.meanAcknowledgeMs / 6_000) / 10,
      resolve: s.meanResolveMs === null ? null : Math.round(s.meanResolveMs / 6_000) / 10,
    }));
  if (data.length === 0) return null;
  const minutes = (v: unknown) => (typeof v === "number" ? formatDuration(v * 60_000) : "none yet");
  return (
    <div className="mb-4 grid gap-4 md:grid-cols-2" data-testid="incident-charts">
      <figure className="min-w-0 rounded-lg border border-border bg-surface p-3">
        <figcaption className="mb-1 text-sm font-medium">Incidents by severity</figcaption>
        <BarChart
          responsive
          style={{ width: "100%", height: 160 }}
          data={data}
          margin={{ top: 8, right: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} className="stroke-border" />
          <XAxis dataKey="severity" tick={AXIS_TICK} />
          <YAxis allowDecimals={false} width={40} tick={AXIS_TICK} />
          <Tooltip />
          <Bar dataKey="count" name="incidents" fill={SERIES_COLORS[0]} isAnimationActive={false} />
        </BarChart>
      </figure>
      <figure className="min-w-0 rounded-lg border border-border bg-surface p-3">
        <figcaption className="mb-1 text-sm font-medium">
          Mean time to acknowledge and to resolve (minutes)
        </figcaption>
        <BarChart
          responsive
          style={{ width: "100%", height: 160 }}
          data={data}
          margin={{ top: 8, right: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} className="stroke-border" />
          <XAxis dataKey="severity" tick={AXIS_TICK} />
          <YAxis width={48} tick={AXIS_TICK} />
          <Tooltip formatter={minutes} />
          <Legend />
          <Bar dataKey="acknowledge" name="acknowledge" fill={SERIES_COLORS[2]} isAnimationActive={false} />
          <Bar dataKey="resolve" name="resolve" fill={SERIES_COLORS[1]} isAnimationActive={false} />
        </BarChart>
      </figure>
    </div>
  );
}
