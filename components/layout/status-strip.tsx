"use client";

import { useQuery } from "@tanstack/react-query";

interface HealthSummary {
  status: "ok" | "degraded";
  degraded?: string[];
  database: { ok: boolean; kind: string };
  docker: { state: string; since?: string; host?: string };
  bus: { mode: string };
  config: { ok: boolean; errors?: string[] };
}

function Pill({ ok, label }: { ok: boolean; label: string }) {
  return (
    <span
      className={`inline-flex items-center gap-1 rounded px-2 py-0.5 text-xs font-medium ${ok ? "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200" : "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200"}`}
    >
      <span aria-hidden="true">{ok ? "●" : "▲"}</span>
      {label}
    </span>
  );
}

/** What the console itself depends on, always visible: people need to know if the console is blind. */
export function StatusStrip() {
  const { data, isError } = useQuery({
    queryKey: ["console-health"],
    queryFn: async (): Promise<HealthSummary> => {
      const res = await fetch("/api/health", { cache: "no-store" });
      return res.json();
    },
    refetchInterval: 10_000,
  });
  if (isError)
    return (
      <div role="status" className="border-b border-red-300 bg-red-50 px-6 py-2 text-sm text-red-900">
        Opsdeck&apos;s server is not answering.
      </div>
    );
  if (!data) return <div className="h-9 border-b border-zinc-200 dark:border-zinc-800" />;
  return (
    <div
      role="status"
      aria-label="Console dependencies"
      className="flex min-h-9 flex-wrap items-center gap-2 border-b border-zinc-200 px-6 py-1.5 dark:border-zinc-800"
    >
      <Pill ok={data.docker.state === "connected"} label={`Docker ${data.docker.state}`} />
      <Pill
        ok={data.database.ok}
        label={`Database ${data.database.ok ? "ok" : "unreachable"} (${data.database.kind})`}
      />
      <Pill ok={data.bus.mode !== "memory-fallback"} label={`Events ${data.bus.mode}`} />
      <Pill ok={data.config.ok} label={data.config.ok ? "Config ok" : "Config has errors"} />
      {data.degraded && data.degraded.length > 0 && (
        <span className="text-xs text-zinc-700 dark:text-zinc-300">{data.degraded.join(" · ")}</span>
      )}
      {data.config.errors && data.config.errors.length > 0 && (
        <ul className="w-full font-mono text-xs text-red-800 dark:text-red-300">
          {data.config.errors.slice(0, 5).map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
