import "server-only";
import { AppError, NotFound, Unavailable } from "@/lib/errors";
import { serviceContainerEvents } from "@/lib/containers/service-containers";
import { getDb, pingDb } from "@/lib/infra/db";
import { errorMessage, log } from "@/lib/infra/logger";
import { audit } from "@/lib/audit/log";
import type { Actor } from "@/lib/audit/schemas";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { parseThreshold } from "@/lib/probes/conditions";
import {
  fuller,
  HISTORY_RANGES,
  timelineSegments,
  toMetricSeries,
  toSeries,
  uptimeOf,
  type HistoryRange,
} from "./history";
import { metricBuckets, rawMinutes, recentChanges, rollups, serviceStateChanges } from "./history-sql";
import { getRuntime, mapSnapshot, retentionSettings } from "./runtime";
import type {
  MetricThreshold,
  ServiceDetail,
  ServiceEvents,
  ServiceHistory,
  StateChangeView,
} from "./service-views";

/**
 * Reads for the service page: the service with its checks' schedule and thresholds, its
 * history (latency, uptime, state timeline, metrics) and its recent state changes.
 */

/**
 * One service as `role` may see it: with data.read, a failing check says `hasDetail` when the
 * target's uncut answer (which its reason only quotes briefly) can be read through checkDetail.
 */
export async function getServiceDetail(serviceId: string, role?: Role): Promise<ServiceDetail> {
  const snapshot = await mapSnapshot();
  const s = snapshot.services.find((x) => x.id === serviceId);
  if (!s)
    throw new NotFound(
      `no service "${serviceId}": it is not in the configuration and no container of that name was discovered`,
    );
  // The engine knows schedules and configs only in the process that runs the monitor.
  const engine = getRuntime().engine;
  const configured = engine.service(serviceId);
  const byId = new Map(snapshot.services.map((x) => [x.id, x]));
  const link = (id: string, source: string) => ({
    id,
    name: byId.get(id)?.name ?? id,
    status: byId.get(id)?.status ?? "unknown",
    source,
  });
  return {
    id: s.id,
    name: s.name,
    stackId: s.stackId,
    stackName: snapshot.stacks.find((st) => st.id === s.stackId)?.name ?? s.stackId,
    kind: s.kind,
    owner: s.owner,
    tags: s.tags,
    description: configured?.description,
    status: s.status,
    reason: s.reason,
    since: s.since,
    impactedBy: s.impactedBy,
    dependencies: snapshot.edges.filter((e) => e.from === s.id).map((e) => link(e.to, e.source)),
    dependents: snapshot.edges.filter((e) => e.to === s.id).map((e) => link(e.from, e.source)),
    containers: s.containers,
    docker: snapshot.docker,
    checks: s.checks.map((c) => {
      const config = configured?.checks.find((x) => x.id === c.id);
      const plan = engine.checkPlan(s.id, c.id);
      // The answer itself is fetched on demand (an audited read); here only whether there is one.
      const hasDetail = can(role, "data.read") && engine.checkDetail(s.id, c.id) !== undefined;
      return {
        ...c,
        ...(hasDetail ? { hasDetail } : {}),
        nextRunAt: plan && new Date(plan.nextAt).toISOString(),
        intervalMs: plan?.intervalMs,
        metric: config?.metric && {
          name: config.metric.name,
          unit: config.metric.unit,
          warn: threshold(config.metric.warn),
          critical: threshold(config.metric.critical),
        },
      };
    }),
  };
}

function threshold(text: string | undefined): MetricThreshold | undefined {
  if (!text) return undefined;
  try {
    return { text, ...parseThreshold(text) };
  } catch {
    return undefined;
  }
}

const SERVICE_RANGES: HistoryRange[] = ["1h", "24h", "7d"];
/** Roll-ups are at most ~1 min behind (housekeeping); raw samples cover the rest. */
const RAW_TAIL_MS = 20 * 60_000;
/** Hour roll-ups are rebuilt from minutes 3 h back; minutes fill the hours after the last pass. */
const MINUTE_TAIL_MS = 4 * 3_600_000;

export async function getServiceHistory(
  serviceId: string,
  range: HistoryRange,
  now = Date.now(),
): Promise<ServiceHistory> {
  const detail = await getServiceDetail(serviceId);
  const { spanMs, bucketMs } = HISTORY_RANGES[range];
  const from = now - spanMs;
  const weekAgo = now - HISTORY_RANGES["7d"].spanMs;
  const db = await database();
  try {
    const rawFrom = new Date(range === "1h" ? from : Math.max(from, now - RAW_TAIL_MS));
    const minuteFrom = new Date(range === "7d" ? Math.max(from, now - MINUTE_TAIL_MS) : from);
    const [raw, minutes, hours, metricRows, changes] = await Promise.all([
      rawMinutes(db, serviceId, rawFrom),
      rollups(db, serviceId, "minute", minuteFrom),
      range === "7d" ? rollups(db, serviceId, "hour", new Date(from)) : Promise.resolve([]),
      metricBuckets(db, serviceId, new Date(from), bucketMs),
      serviceStateChanges(db, serviceId, new Date(weekAgo)),
    ]);
    const merged =
      range === "7d" ? fuller(hours, fuller(minutes, raw, 60_000), bucketMs) : fuller(minutes, raw, 60_000);
    const series = toSeries(
      merged,
      detail.checks.map((c) => c.id),
      from,
      now,
      bucketMs,
    );
    const timeline = timelineSegments(changes.before, changes.inside, weekAgo, now);
    const metricConfig = new Map(detail.checks.map((c) => [c.id, c.metric]));
    return {
      range,
      from,
      to: now,
      bucketMs,
      starts: series.starts,
      checks: series.checks,
      metrics: toMetricSeries(metricRows, series.starts, bucketMs).map((m) => {
        const config = metricConfig.get(m.checkId);
        return config?.name === m.name
          ? { ...m, declared: true, unit: config.unit, warn: config.warn, critical: config.critical }
          : { ...m, declared: false };
      }),
      timeline: timeline
        .filter((seg) => seg.to > from)
        .map((seg) => ({ ...seg, from: Math.max(seg.from, from) })),
      uptime: Object.fromEntries(
        SERVICE_RANGES.map((r) => [r, uptimeOf(timeline, now - HISTORY_RANGES[r].spanMs, now).percent]),
      ) as Record<HistoryRange, number | null>,
      maintenanceMs: Object.fromEntries(
        SERVICE_RANGES.map((r) => [
          r,
          uptimeOf(timeline, now - HISTORY_RANGES[r].spanMs, now).msByState.maintenance,
        ]),
      ) as Record<HistoryRange, number>,
      rawRetentionMs: retentionSettings().raw,
    };
  } catch (error) {
    throw await unavailable(error);
  }
}

/** The latest state changes of the service and its checks, newest first. */
export async function getServiceStateChanges(serviceId: string, limit = 50): Promise<StateChangeView[]> {
  await getServiceDetail(serviceId);
  const db = await database();
  try {
    const rows = await recentChanges(db, serviceId, limit);
    return rows.map((r) => ({
      at: r.at.toISOString(),
      scope: r.scope === "check" ? "check" : "service",
      checkId: r.scope === "check" ? r.entityId.slice(serviceId.length + 1) : undefined,
      from: r.fromState,
      to: r.toState,
      reason: r.reason,
    }));
  } catch (error) {
    throw await unavailable(error);
  }
}

async function database() {
  try {
    return await getDb();
  } catch (error) {
    throw await unavailable(error);
  }
}

/** A database that does not answer becomes a message saying so; any other failure stays a bug. */
async function unavailable(error: unknown): Promise<unknown> {
  if (error instanceof NotFound) return error;
  const ping = await pingDb(1500);
  if (ping.ok) return error;
  log.warn("service history read failed: database unreachable", { error: errorMessage(error) });
  return new Unavailable(
    "the database is unreachable, so history and past events cannot be shown; the live state still updates",
  );
}

/** State changes (database) and container events (Docker), each shown even if the other fails. */
export async function getServiceEvents(serviceId: string): Promise<ServiceEvents> {
  const [changes, containerEvents] = await Promise.allSettled([
    getServiceStateChanges(serviceId),
    serviceContainerEvents(serviceId, 24 * 3_600_000),
  ]);
  for (const r of [changes, containerEvents])
    if (r.status === "rejected" && (r.reason instanceof NotFound || !(r.reason instanceof AppError)))
      throw r.reason;
  return {
    changes: changes.status === "fulfilled" ? changes.value : [],
    containerEvents: containerEvents.status === "fulfilled" ? containerEvents.value : [],
    problems: [changes, containerEvents].flatMap((r) =>
      r.status === "rejected" ? [(r.reason as Error).message] : [],
    ),
  };
}

/**
 * What a check's target answered in full behind its last failure: for data.read, recorded in the
 * audit log before it is returned (fail-closed), NotFound when there is none.
 */
export async function readCheckDetail(actor: Actor, serviceId: string, checkId: string): Promise<string> {
  const detail = getRuntime().engine.checkDetail(serviceId, checkId);
  if (detail === undefined)
    throw new NotFound(
      `check ${checkId} of ${serviceId} has no failing answer to show (it passes, or it runs elsewhere)`,
    );
  await audit({
    actor,
    action: "check.detail",
    target: serviceId,
    params: { checkId },
    outcome: "succeeded",
  });
  return detail;
}
