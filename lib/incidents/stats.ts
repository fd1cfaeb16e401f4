import type { IncidentRow } from "./types";

/**
 * Counts (all, open, by severity) and, per severity, how many and the mean time to acknowledge
 * and to resolve (of those acknowledged or resolved); the median time to resolve overall.
 */
export function incidentStats(list: IncidentRow[]) {
  const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
  const took = (r: IncidentRow, at: string | null) => (at ? Date.parse(at) - Date.parse(r.declaredAt) : null);
  const resolveTimes = list
    .map((r) => took(r, r.resolvedAt))
    .filter((t): t is number => t !== null)
    .sort((a, b) => a - b);
  const mid = resolveTimes.length / 2;
  const median = resolveTimes.length
    ? resolveTimes.length % 2
      ? resolveTimes[Math.floor(mid)]
      : Math.round((resolveTimes[mid - 1] + resolveTimes[mid]) / 2)
    : null;
  const bySeverity: Record<string, number> = {};
  const groups = new Map<string, IncidentRow[]>();
  for (const r of list) {
    bySeverity[r.severity] = (bySeverity[r.severity] ?? 0) + 1;
    groups.set(r.severity, [...(groups.get(r.severity) ?? []), r]);
  }
  const perSeverity = [...groups].map(([severity, rows]) => ({
    severity,
    count: rows.length,
    meanAcknowledgeMs: mean(
      rows.map((r) => took(r, r.acknowledgedAt)).filter((t): t is number => t !== null),
    ),
    meanResolveMs: mean(rows.map((r) => took(r, r.resolvedAt)).filter((t): t is number => t !== null)),
  }));
  return {
    total: list.length,
    open: list.filter((r) => !r.resolvedAt).length,
    bySeverity,
    perSeverity,
    medianResolveMs: median,
  };
}
