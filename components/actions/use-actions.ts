"use client";

import { useQuery } from "@tanstack/react-query";
import { getSession } from "next-auth/react";
import { fetchJson } from "@/components/service/fetch-json";
import type { ActionView, RunStatus, RunView } from "@/lib/actions/schemas";

/** Reads behind the action views; runs and actions change when someone runs something. */

export const serviceActionsKey = (serviceId: string) => ["service-actions", serviceId] as const;
export const RUNS_KEY = "runs";

export function useServiceActions(serviceId: string | null, version = "") {
  return useQuery({
    queryKey: [...serviceActionsKey(serviceId ?? ""), version],
    queryFn: ({ signal }) =>
      fetchJson<ActionView[]>(`/api/v1/services/${encodeURIComponent(serviceId ?? "")}/actions`, signal),
    enabled: serviceId !== null,
    placeholderData: (previous) => previous,
  });
}

export function useRecentRuns(
  filter: { serviceId?: string; status?: RunStatus; limit: number },
  enabled = true,
) {
  const query = new URLSearchParams({ limit: String(filter.limit) });
  if (filter.serviceId) query.set("serviceId", filter.serviceId);
  if (filter.status) query.set("status", filter.status);
  return useQuery({
    queryKey: [RUNS_KEY, filter.serviceId ?? "", filter.status ?? "", filter.limit],
    queryFn: ({ signal }) => fetchJson<{ runs: RunView[] }>(`/api/v1/runs?${query}`, signal),
    enabled,
    // A running run's row changes when it ends; poll only while one is running.
    refetchInterval: (q) => (q.state.data?.runs.some((r) => r.status === "running") ? 3_000 : false),
  });
}

/**
 * The signed-in role, for views whose page cannot pass it down (the map). Only decides what
 * is shown: every run is checked again on the server.
 */
export function useSessionRole() {
  return useQuery({
    queryKey: ["session-role"],
    queryFn: async () => {
      const session = (await getSession()) as { user?: { role?: string } } | null;
      return session?.user?.role ?? null;
    },
    staleTime: 60_000,
  });
}
