import "server-only";
import type { Db } from "@/lib/infra/db";
import { timelineSegments, type StateSegment } from "@/lib/monitor/history";
import { INCIDENT_STATUSES, type IncidentStatus } from "@/lib/incidents/model";
import { PUBLIC_IMPACTS, type PublicImpact, type Severity } from "@/lib/incidents/severity";
import type { IncidentInput } from "./snapshot";

/**
 * The status page's reads: incidents with their public updates, and services' state segments
 * over 90 days. Only the fields the snapshot copies are selected.
 */

const DAY = 86_400_000;

/** Open incidents and those resolved since `since`, each with its public updates. */
export async function incidentInputs(
  db: Db,
  since: Date,
  severities: readonly Severity[],
): Promise<IncidentInput[]> {
  const rows = await db.incident.findMany({
    where: { OR: [{ status: { not: "resolved" } }, { resolvedAt: { gte: since } }] },
    select: {
      id: true,
      number: true,
      status: true,
      severity: true,
      services: true,
      declaredAt: true,
      resolvedAt: true,
      events: {
        where: { OR: [{ public: true, type: "public" }, { type: "status" }] },
        select: { at: true, type: true, message: true, data: true },
        orderBy: { at: "asc" },
      },
    },
    orderBy: { declaredAt: "desc" },
    take: 500,
  });
  return rows.map((r) => {
    const impact = severities.find((s) => s.id === r.severity)?.publicImpact ?? "partial_outage";
    let status: IncidentStatus = "investigating";
    const updates: IncidentInput["updates"] = [];
    for (const e of r.events) {
      const data = (e.data ?? {}) as Record<string, unknown>;
      if (e.type === "status") {
        if (isStatus(data.to)) status = data.to;
        continue;
      }
      updates.push({
        at: e.at.toISOString(),
        text: e.message,
        status: isStatus(data.status) ? data.status : status,
        ...(typeof data.title === "string" ? { title: data.title } : {}),
        ...(isImpact(data.impact) ? { impact: data.impact } : {}),
      });
    }
    return {
      key: r.id,
      number: r.number,
      status: isStatus(r.status) ? r.status : "investigating",
      services: Array.isArray(r.services) ? r.services.filter((s): s is string => typeof s === "string") : [],
      defaultImpact: impact,
      declaredAt: r.declaredAt.toISOString(),
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
      updates,
    };
  });
}

const isStatus = (v: unknown): v is IncidentStatus => INCIDENT_STATUSES.includes(v as IncidentStatus);
const isImpact = (v: unknown): v is PublicImpact => PUBLIC_IMPACTS.includes(v as PublicImpact);

/** Each service's state segments over [now - days, now], from its recorded state changes. */
export async function serviceSegments(
  db: Db,
  serviceIds: readonly string[],
  now: number,
  days: number,
): Promise<Map<string, StateSegment[]>> {
  const from = now - days * DAY;
  const ids = [...new Set(serviceIds)];
  const out = new Map<string, StateSegment[]>();
  if (ids.length === 0) return out;
  const select = { entityId: true, toState: true, at: true } as const;
  const [inside, before] = await Promise.all([
    db.stateChange.findMany({
      where: { scope: "service", entityId: { in: ids }, at: { gte: new Date(from) } },
      orderBy: { at: "asc" },
      select,
    }),
    // The state each service was in at `from`: its last change before (one row per service).
    db.$queryRawUnsafe<{ entityId: string; toState: string; reason: string; at: Date }[]>(
      `SELECT DISTINCT ON ("entityId") "entityId", "toState", '' AS "reason", "at" FROM "StateChange"
       WHERE scope = 'service' AND "entityId" = ANY($1::text[]) AND "at" < $2::timestamp
       ORDER BY "entityId", "at" DESC`,
      ids,
      new Date(from),
    ),
  ]);
  const row = (r: { toState: string; at: Date }) => ({
    toState: r.toState,
    reason: "",
    at: new Date(r.at).getTime(),
  });
  const changes = new Map<string, ReturnType<typeof row>[]>();
  for (const c of inside) {
    const list = changes.get(c.entityId);
    if (list) list.push(row(c));
    else changes.set(c.entityId, [row(c)]);
  }
  for (const id of ids) {
    const first = before.find((b) => b.entityId === id);
    out.set(id, timelineSegments(first ? row(first) : null, changes.get(id) ?? [], from, now));
  }
  return out;
}

/** Sums of response times per service and hour, from the HTTP checks' minute roll-ups. */
export interface LatencyHour {
  hour: number;
  sum: number;
  count: number;
}

/**
 * The last `hours` hours of each service's HTTP response times, from the minute roll-ups (kept a
 * week; at most a minute behind), read by primary key per check.
 */
export async function serviceLatency(
  db: Db,
  checks: readonly { serviceId: string; checkId: string }[],
  now: number,
  hours: number,
): Promise<Map<string, LatencyHour[]>> {
  const out = new Map<string, LatencyHour[]>();
  if (checks.length === 0) return out;
  const from = new Date(Math.floor(now / 3_600_000) * 3_600_000 - (hours - 1) * 3_600_000);
  const rows = await db.$queryRawUnsafe<{ serviceId: string; hour: Date; sum: number; count: number }[]>(
    `SELECT r."serviceId", date_trunc('hour', r."bucketStart") AS "hour",
            sum(r."latencySum")::float8 AS "sum", sum(r.total)::int AS "count"
     FROM unnest($2::text[], $3::text[]) AS c("serviceId", "checkId")
     JOIN "CheckRollup" r ON r."serviceId" = c."serviceId" AND r."checkId" = c."checkId"
       AND r.bucket = 'minute' AND r."bucketStart" >= $1::timestamp
     GROUP BY 1, 2`,
    from,
    checks.map((c) => c.serviceId),
    checks.map((c) => c.checkId),
  );
  for (const r of rows) {
    const list = out.get(r.serviceId) ?? [];
    list.push({ hour: new Date(r.hour).getTime(), sum: Number(r.sum), count: Number(r.count) });
    out.set(r.serviceId, list);
  }
  return out;
}
