"use client";

import { useEffect, useState } from "react";
import type { StatsPoint, StatsUpdate } from "@/lib/containers/schemas";

export interface ContainerLiveStats {
  point?: StatsPoint;
  /** Why sampling stopped (container stopped or removed), or the engine's error. */
  note?: string;
}

/**
 * Live CPU and memory from the service's stats stream (one shared sampler per container on
 * the server). The stream is reopened when the set of running containers changes
 * (`containersVersion`), so a container that starts again gets sampled again.
 */
export function useContainerStats(serviceId: string, containersVersion: string, enabled: boolean) {
  const [stats, setStats] = useState<Record<string, ContainerLiveStats>>({});
  const [connected, setConnected] = useState<boolean | null>(null);

  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource(
      `/api/v1/services/${encodeURIComponent(serviceId)}/stats?v=${encodeURIComponent(containersVersion)}`,
    );
    const update = (e: Event) => {
      const u = JSON.parse((e as MessageEvent).data) as StatsUpdate;
      setStats((prev) => {
        if (u.type === "stats") return { ...prev, [u.point.containerId]: { point: u.point } };
        const note = u.type === "ended" ? u.reason : `stats unavailable: ${u.message}`;
        return { ...prev, [u.containerId]: { ...prev[u.containerId], note } };
      });
    };
    source.addEventListener("open", () => setConnected(true));
    source.addEventListener("error", () => setConnected(false));
    for (const type of ["stats", "ended", "error"]) source.addEventListener(type, update);
    return () => source.close();
  }, [serviceId, containersVersion, enabled]);

  return { stats, connected };
}
