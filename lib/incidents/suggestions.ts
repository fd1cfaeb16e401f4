import type { HealthState } from "@/lib/probes/types";

/**
 * "api is down since 10:02: declare an incident": what Opsdeck offers when a service fails and
 * nobody has declared anything. Alert rules (issue 14) open alerts on the same terms, so the
 * suppression is one function: a service in maintenance offers nothing (`inMaintenance`), nor
 * does one already covered by an open incident, nor one failing only because a dependency is
 * down (it is listed under that root cause instead). Pure; safe for the client.
 */

export interface SuggestionService {
  id: string;
  name: string;
  status: HealthState;
  reason: string;
  since: string;
  impactedBy?: { rootCauses: string[] };
}

export interface IncidentSuggestion {
  serviceId: string;
  name: string;
  status: "down" | "degraded";
  since: string;
  reason: string;
  /** Prefilled title of the incident to declare. */
  title: string;
  /** Services failing under this one (impacted by it). */
  impacted: string[];
}

export interface SuggestionContext {
  /** Whether a maintenance window covers the service at `at` (lib/maintenance/scope.ts). */
  inMaintenance: (serviceId: string, at: number) => unknown;
  /** Services named by an open incident. */
  covered: ReadonlySet<string>;
  now: number;
}

export function incidentSuggestions(
  services: readonly SuggestionService[],
  ctx: SuggestionContext,
): IncidentSuggestion[] {
  const failing = services.filter(
    (s) =>
      (s.status === "down" || s.status === "degraded") &&
      !ctx.covered.has(s.id) &&
      !ctx.inMaintenance(s.id, ctx.now),
  );
  const out: IncidentSuggestion[] = [];
  for (const s of failing) {
    if (s.impactedBy?.rootCauses.some((r) => r !== s.id)) continue;
    const status = s.status as IncidentSuggestion["status"];
    out.push({
      serviceId: s.id,
      name: s.name,
      status,
      since: s.since,
      reason: s.reason,
      title: `${s.name} is ${status}`,
      impacted: failing
        .filter((f) => f.id !== s.id && f.impactedBy?.rootCauses.includes(s.id))
        .map((f) => f.id),
    });
  }
  // Down before degraded, then the longest-failing first.
  return out.sort((a, b) =>
    a.status === b.status ? a.since.localeCompare(b.since) : a.status === "down" ? -1 : 1,
  );
}
