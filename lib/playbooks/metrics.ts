import type { CheckConfig } from "@/lib/catalog/schemas";
import type { ProbeResult } from "@/lib/probes/types";

/** Every check's response time, in milliseconds, under this name. */
export const LATENCY_METRIC = "latency_ms";
const DOCKER_METRICS = ["containers_total", "containers_running", "containers_healthy", "restarts"];

/**
 * The metrics a check records, by name, as a playbook's trigger or wait step may name them: its
 * declared metric, what its kind reports on its own, and its response time.
 */
export function checkMetrics(check: CheckConfig): string[] {
  const names = new Set<string>();
  if (check.metric) names.add(check.metric.name);
  if (check.kind === "docker") DOCKER_METRICS.forEach((m) => names.add(m));
  if (check.kind === "qdrant" && check.collection && !check.metric) names.add("points_count");
  names.add(LATENCY_METRIC);
  return [...names];
}

/** A metric's value in one probe result, if it has one. */
export function metricValue(result: ProbeResult, name: string): number | undefined {
  if (name === LATENCY_METRIC && result.metrics?.[name] === undefined) return result.latencyMs;
  return result.metrics?.[name];
}
