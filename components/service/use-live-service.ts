"use client";

import { useMemo } from "react";
import { useLiveHealth } from "@/components/layout/live-health";
import type { ServiceDetail, ServiceLink } from "@/lib/monitor/service-views";
import { useServiceDetail } from "./use-service";

/**
 * The service as the page shows it: the detail route's schedule and thresholds, overlaid with
 * the live stream's state (it changes within a second of the engine noticing, the detail only
 * on its next refetch). `version` changes whenever the live state or the containers do, so
 * history, events and container details refetch exactly then instead of on a timer.
 */
export function useLiveService(id: string) {
  const { snapshot, connection } = useLiveHealth();
  const detail = useServiceDetail(id);
  const live = snapshot?.services.find((s) => s.id === id);

  const service = useMemo<ServiceDetail | undefined>(() => {
    const d = detail.data;
    if (!d) return undefined;
    if (!live || !snapshot) return d;
    const byId = new Map(snapshot.services.map((s) => [s.id, s]));
    const relink = (l: ServiceLink): ServiceLink => ({ ...l, status: byId.get(l.id)?.status ?? l.status });
    const liveChecks = new Map(live.checks.map((c) => [c.id, c]));
    return {
      ...d,
      status: live.status,
      reason: live.reason,
      since: live.since,
      impactedBy: live.impactedBy,
      containers: live.containers,
      dependencies: d.dependencies.map(relink),
      dependents: d.dependents.map(relink),
      checks: d.checks.map((c) => {
        const l = liveChecks.get(c.id);
        // The newer of the two wins: the detail refetches every few seconds, the stream on changes.
        return l && (l.since ?? "") > (c.since ?? "")
          ? { ...c, status: l.status, reason: l.reason, since: l.since }
          : c;
      }),
    };
  }, [detail.data, live, snapshot]);

  const containersVersion = (service?.containers ?? [])
    .map((c) => `${c.id}:${c.state}:${c.health ?? ""}`)
    .join(",");
  const version = `${service?.status ?? ""}|${service?.since ?? ""}|${containersVersion}`;
  return { service, detail, connection, version, containersVersion };
}
