"use client";

import { useQuery } from "@tanstack/react-query";

/**
 * GET /api/health as the browser sees it. Anonymous callers get the booleans only; signed-in
 * users also get hosts and reasons; config errors (file, line, what is wrong) only config.manage.
 */
export interface ConsoleHealth {
  status: "ok" | "degraded";
  degraded?: string[];
  database: { ok: boolean; kind: "postgres" | "embedded"; error?: string; latencyMs?: number };
  docker: {
    state: "connecting" | "connected" | "unreachable";
    host?: string;
    since?: string;
    error?: string;
  };
  bus: { mode: "redis" | "memory" | "memory-fallback"; reason?: string };
  config: { ok: boolean; path?: string; loadedAt?: string; errors?: string[]; hiddenErrors?: number };
  time: string;
}

/** The console's own dependencies, refreshed every 10 s (they change rarely and cost one ping). */
export function useConsoleHealth() {
  return useQuery({
    queryKey: ["console-health"],
    queryFn: async (): Promise<ConsoleHealth> => {
      const res = await fetch("/api/health", { cache: "no-store" });
      // A degraded console may answer 503 with the same body: the body is what we show.
      const body = (await res.json().catch(() => null)) as ConsoleHealth | null;
      if (!body?.database) throw new Error(`GET /api/health answered ${res.status}`);
      return body;
    },
    refetchInterval: 10_000,
  });
}
