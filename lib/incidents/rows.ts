import type { IncidentStatus, IncidentTimes } from "./model";
import type { IncidentRow } from "./types";

/** Between the Incident table's rows and IncidentRow. */

export function dates(set: Partial<IncidentTimes>): Record<string, Date | null> {
  return Object.fromEntries(Object.entries(set).map(([k, v]) => [k, v ? new Date(v) : null]));
}

export function toRow(r: {
  id: string;
  number: number;
  title: string;
  severity: string;
  status: string;
  services: unknown;
  commander: string;
  scribe: string | null;
  responders: unknown;
  summary: string | null;
  declaredBy: string;
  declaredAt: Date;
  acknowledgedAt: Date | null;
  identifiedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  lastUpdateAt: Date | null;
}): IncidentRow {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    severity: r.severity,
    status: r.status as IncidentStatus,
    services: (r.services as string[]) ?? [],
    commander: r.commander,
    scribe: r.scribe,
    responders: (r.responders as string[]) ?? [],
    summary: r.summary,
    declaredBy: r.declaredBy,
    declaredAt: r.declaredAt.toISOString(),
    acknowledgedAt: iso(r.acknowledgedAt),
    identifiedAt: iso(r.identifiedAt),
    mitigatedAt: iso(r.mitigatedAt),
    resolvedAt: iso(r.resolvedAt),
    lastUpdateAt: iso(r.lastUpdateAt),
  };
}
