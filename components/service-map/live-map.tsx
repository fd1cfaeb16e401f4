"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import type { MapSnapshot } from "@/lib/monitor/snapshot";
import { useHealthStream } from "./use-health-stream";
import { StateBadge } from "./state-badge";

type Service = MapSnapshot["services"][number];

function formatSince(iso: string) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleTimeString();
}

function ServiceCard({ service, names }: { service: Service; names: Map<string, string> }) {
  const root = service.impactedBy?.rootCauses.map((id) => names.get(id) ?? id).join(", ");
  return (
    <li
      data-testid={`service-${service.id}`}
      data-state={service.status}
      data-impacted={service.impactedBy ? "true" : "false"}
      className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
    >
      <div className="flex items-center justify-between gap-2">
        <Link
          href={`/services/${encodeURIComponent(service.id)}`}
          className="truncate font-medium hover:underline focus:outline-2 focus:outline-blue-600"
        >
          {service.name}
        </Link>
        <StateBadge state={service.status} />
      </div>
      <p className="mt-1 line-clamp-2 text-xs text-zinc-700 dark:text-zinc-300" title={service.reason}>
        {service.reason}
      </p>
      {service.impactedBy && (
        <p className="mt-1 text-xs font-medium text-amber-800 dark:text-amber-300" data-testid="impact">
          Impacted by {root}
        </p>
      )}
      <p className="mt-1 text-[11px] text-zinc-500">since {formatSince(service.since)}</p>
    </li>
  );
}

export function LiveMap() {
  const { snapshot, connection } = useHealthStream();
  const [filter, setFilter] = useState("");
  const names = useMemo(() => new Map(snapshot?.services.map((s) => [s.id, s.name]) ?? []), [snapshot]);

  if (!snapshot) {
    return (
      <p className="text-sm text-zinc-600">
        {connection === "error" ? "Cannot reach the live stream; retrying…" : "Loading the service map…"}
      </p>
    );
  }
  const q = filter.trim().toLowerCase();
  const visible = snapshot.services.filter(
    (s) => !q || s.name.toLowerCase().includes(q) || s.id.includes(q) || s.status === q,
  );

  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Service map</h1>
        <span
          data-testid="stream-state"
          data-connection={connection}
          className={`text-xs ${connection === "open" ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}`}
        >
          {connection === "open" ? "live" : "disconnected: reconnecting…"}
        </span>
        <label className="ml-auto text-sm">
          <span className="sr-only">Filter services</span>
          <input
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="Filter by name or state"
            className="rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700"
          />
        </label>
      </div>
      {snapshot.docker.state !== "connected" && (
        <p
          role="alert"
          className="mb-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          Docker engine at <code>{snapshot.docker.host}</code> is {snapshot.docker.state}
          {snapshot.docker.error ? `: ${snapshot.docker.error}` : ""}. Container-backed services show as
          unknown. Point <code>DOCKER_HOST</code> at your engine (unix:///var/run/docker.sock or
          tcp://host:2376).
        </p>
      )}
      {snapshot.stacks.length === 0 && (
        <p className="text-sm">
          Nothing to show yet: declare services in opsdeck.yml or start some containers.
        </p>
      )}
      <div className="space-y-6">
        {snapshot.stacks.map((stack) => {
          const members = visible.filter((s) => s.stackId === stack.id);
          if (members.length === 0) return null;
          return (
            <section key={stack.id} aria-labelledby={`stack-${stack.id}`} data-testid={`stack-${stack.id}`}>
              <header className="mb-2 flex items-center gap-2">
                <h2 id={`stack-${stack.id}`} className="font-semibold">
                  {stack.name}
                </h2>
                <StateBadge state={stack.status} />
                <span className="text-xs text-zinc-600 dark:text-zinc-400">
                  {Object.entries(stack.counts)
                    .filter(([, n]) => n > 0)
                    .map(([state, n]) => `${n} ${state}`)
                    .join(" · ")}
                </span>
              </header>
              <ul className="grid grid-cols-[repeat(auto-fill,minmax(16rem,1fr))] gap-3">
                {members.map((s) => (
                  <ServiceCard key={s.id} service={s} names={names} />
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}
