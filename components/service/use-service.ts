"use client";

import { useQuery } from "@tanstack/react-query";
import type { ContainerView } from "@/lib/containers/schemas";
import type { HistoryRange } from "@/lib/monitor/history";
import type { ServiceDetail, ServiceEvents, ServiceHistory } from "@/lib/monitor/service-views";
import { fetchJson } from "./fetch-json";

const base = (id: string) => `/api/v1/services/${encodeURIComponent(id)}`;

/**
 * The service page's reads. State itself arrives live from the console's SSE stream; these
 * fill in what the stream does not carry (check schedules, history, container details), and
 * refetch when the live state says something changed (`version`).
 */
export function useServiceDetail(id: string) {
  return useQuery({
    queryKey: ["service", id],
    queryFn: ({ signal }) => fetchJson<ServiceDetail>(base(id), signal),
    // Last result, latency and next run move with every check run; the stream only sends state changes.
    refetchInterval: 5000,
  });
}

export function useServiceHistory(id: string, range: HistoryRange, version: string) {
  return useQuery({
    queryKey: ["service-history", id, range, version],
    queryFn: ({ signal }) => fetchJson<ServiceHistory>(`${base(id)}/history?range=${range}`, signal),
    // New buckets fill in as time passes; an empty history (a fresh service) is asked again soon,
    // since samples reach the database within seconds of the first check run.
    refetchInterval: (query) =>
      !query.state.data?.checks.some((c) => c.total > 0) ? 5_000 : range === "1h" ? 15_000 : 300_000,
    placeholderData: (previous) => (previous?.range === range ? previous : undefined),
  });
}

export function useServiceEvents(id: string, version: string) {
  return useQuery({
    queryKey: ["service-events", id, version],
    queryFn: ({ signal }) => fetchJson<ServiceEvents>(`${base(id)}/events`, signal),
    placeholderData: (previous) => previous,
  });
}

export function useServiceContainers(id: string, version: string) {
  return useQuery({
    queryKey: ["service-containers", id, version],
    queryFn: ({ signal }) => fetchJson<ContainerView[]>(`${base(id)}/containers`, signal),
    placeholderData: (previous) => previous,
  });
}
