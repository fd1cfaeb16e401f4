import type { Catalog, CatalogEdge } from "@/lib/catalog/types";
import type { HealthState } from "@/lib/probes/types";
import type { SchedulerStats } from "./scheduler";
import type { HealthSnapshot, ImpactInfo } from "./types";
import type { DockerStatus } from "./docker-watch";
import { layoutFor, type MapLayout } from "./layout";

/** The map as the REST API and the stream's first message send it: no secrets, no env. */
export interface MapSnapshot {
  generatedAt: string;
  docker: DockerStatus;
  warnings: string[];
  stacks: {
    id: string;
    name: string;
    status: HealthState;
    reason: string;
    counts: Record<HealthState, number>;
    total: number;
  }[];
  services: {
    id: string;
    name: string;
    stackId: string;
    kind: "container" | "external";
    owner?: string;
    tags: string[];
    status: HealthState;
    reason: string;
    since: string;
    impactedBy?: ImpactInfo;
    containers: { id: string; name: string; state: string; health?: string }[];
    checks: {
      id: string;
      kind: string;
      name?: string;
      status: HealthState;
      reason: string;
      since?: string;
      lastRunAt?: string;
      latencyMs?: number;
      metrics?: Record<string, number>;
    }[];
  }[];
  edges: CatalogEdge[];
  /** Node positions from the server-side graph layout (cached per catalog shape). */
  layout?: MapLayout;
  scheduler?: Pick<SchedulerStats, "scheduled" | "running" | "queued" | "lagP99Ms" | "lagHistogram">;
}

export function buildMapSnapshot(input: {
  catalog: Catalog | null;
  health: HealthSnapshot;
  docker: DockerStatus;
  warnings: string[];
  scheduler?: SchedulerStats;
}): MapSnapshot {
  const { catalog, health } = input;
  const now = new Date().toISOString();
  return {
    generatedAt: now,
    docker: input.docker,
    warnings: input.warnings,
    stacks: (catalog?.stacks ?? []).map((s) => {
      const h = health.stacks.get(s.id);
      return {
        id: s.id,
        name: s.name,
        status: h?.status ?? "unknown",
        reason: h?.reason ?? "not evaluated yet",
        counts: h?.counts ?? { up: 0, degraded: 0, down: 0, unknown: 0, maintenance: 0 },
        total: h?.total ?? 0,
      };
    }),
    services: (catalog?.services ?? []).map((s) => {
      const h = health.services.get(s.id);
      const checks = health.checks.get(s.id);
      return {
        id: s.id,
        name: s.name,
        stackId: s.stackId,
        kind: s.kind,
        owner: s.owner,
        tags: s.tags,
        status: h?.status ?? "unknown",
        reason: h?.reason ?? "not evaluated yet",
        since: h?.since ?? now,
        impactedBy: h?.impactedBy,
        containers: s.containers.map((c) => ({ id: c.id, name: c.name, state: c.state, health: c.health })),
        checks: s.checks.map((c) => {
          const st = checks?.get(c.id);
          return {
            id: c.id,
            kind: c.kind,
            name: c.name,
            status: st?.status ?? "unknown",
            reason: st?.reason ?? "not run yet",
            since: st?.since,
            lastRunAt: st?.lastRunAt,
            latencyMs: st?.lastResult.latencyMs,
            metrics: st?.lastResult.metrics,
          };
        }),
      };
    }),
    edges: catalog?.edges ?? [],
    layout: catalog ? layoutFor(catalog) : undefined,
    scheduler: input.scheduler && {
      scheduled: input.scheduler.scheduled,
      running: input.scheduler.running,
      queued: input.scheduler.queued,
      lagP99Ms: input.scheduler.lagP99Ms,
      lagHistogram: input.scheduler.lagHistogram,
    },
  };
}
