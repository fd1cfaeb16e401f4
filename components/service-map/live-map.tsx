"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useLiveHealth } from "@/components/layout/live-health";
import { PageHeader } from "@/components/layout/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { FirstServiceHint } from "./first-service-hint";
import { Skeleton } from "@/components/ui/skeleton";
import type { MapSnapshot } from "@/lib/monitor/snapshot";
import { hasFilters, mapQueryString, matches, parseMapQuery, type MapQuery } from "./filters";
import { MapCanvas } from "./map-canvas";
import { MapToolbar } from "./map-toolbar";
import { ServiceTable } from "./service-table";
import { StreamState } from "./stream-state";

const NO_SERVICES: MapSnapshot["services"] = [];
// Fixed height, loading or not: live data must never push the page around.
const CANVAS =
  "relative h-[calc(100dvh-14rem)] min-h-[26rem] overflow-hidden rounded-lg border border-border";

const fromSearch = (search: string) => parseMapQuery(Object.fromEntries(new URLSearchParams(search)));
const sameQuery = (a: MapQuery, b: MapQuery) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Filters live in the URL (shareable). Typing writes them with history.replaceState, a view
 * switch with pushState. The URL can also change under the page: a link to /map?view=list
 * (the sidebar's Services), Back and Forward. Those are taken over once the URL they name is
 * the current one, which tells them apart from the lagging echo of our own writes.
 */
function useMapQuery() {
  const params = useSearchParams();
  const search = params.toString();
  const [query, setQuery] = useState(() => fromSearch(search));
  useEffect(() => {
    if (new URLSearchParams(window.location.search).toString() !== search) return;
    const fromUrl = fromSearch(search);
    setQuery((current) => (sameQuery(current, fromUrl) ? current : fromUrl));
  }, [search]);
  const update = useCallback(
    (patch: Partial<MapQuery>) => {
      const next = { ...query, ...patch };
      setQuery(next);
      const url = `${window.location.pathname}${mapQueryString(next)}`;
      // A view switch is a place to go back from; typing in the search box is not.
      if (next.view !== query.view) window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [query],
  );
  return [query, update] as const;
}

/** A Set that keeps its identity while its members stay the same, so memoized views skip work. */
function useStableSet(ids: string[]): ReadonlySet<string> {
  const last = useRef<ReadonlySet<string>>(new Set());
  const same = ids.length === last.current.size && ids.every((id) => last.current.has(id));
  if (!same) last.current = new Set(ids);
  return last.current;
}

/** What keeps the map from being complete; floats over the canvas so it never shifts it. */
function Warnings({ snapshot, floating }: { snapshot: MapSnapshot; floating: boolean }) {
  const docker = snapshot.docker;
  // Only when it matters here: a map of HTTP endpoints alone does not need Docker.
  const blind = docker.state !== "connected" && snapshot.services.some((s) => s.kind === "container");
  if (!blind && snapshot.warnings.length === 0) return null;
  return (
    <div
      className={floating ? "pointer-events-none absolute inset-x-3 top-3 z-10 space-y-2" : "mb-3 space-y-2"}
    >
      {blind && (
        <p
          role="alert"
          className="pointer-events-auto rounded-md border border-amber-300 bg-warning-surface p-3 text-sm text-warning dark:border-amber-800"
        >
          Docker engine at <code>{docker.host}</code> is {docker.state}
          {docker.error ? `: ${docker.error}` : ""}. Container-backed services show as unknown. Point{" "}
          <code>DOCKER_HOST</code> at your engine (unix:///var/run/docker.sock or tcp://host:2376).
        </p>
      )}
      {snapshot.warnings.map((w) => (
        <p key={w} className="pointer-events-auto rounded-md border border-border bg-surface p-2 text-sm">
          {w}
        </p>
      ))}
    </div>
  );
}

/** /map: every stack and service, live from the console's one health stream, as a graph or a table. */
export function LiveMap() {
  const { snapshot, connection, lostAt } = useLiveHealth();
  const [query, update] = useMapQuery();
  const services = snapshot?.services ?? NO_SERVICES;
  const shown = useStableSet(
    useMemo(() => services.filter((s) => matches(s, query)).map((s) => s.id), [services, query]),
  );
  const filterKey = `${query.stack}|${query.state}|${query.tag}|${query.q.trim()}`;
  const tags = useMemo(() => [...new Set(services.flatMap((s) => s.tags))].sort(), [services]);
  const names = useMemo(() => new Map(services.map((s) => [s.id, s.name])), [services]);

  let body: React.ReactNode;
  if (!snapshot) {
    body = (
      <div className={CANVAS} role="status">
        <Skeleton className="h-full w-full rounded-none" />
        <p className="absolute inset-0 flex items-center justify-center text-sm text-muted-foreground">
          {connection === "error" ? "Cannot reach the live stream; retrying…" : "Loading the service map…"}
        </p>
      </div>
    );
  } else if (services.length === 0) {
    body = (
      <EmptyState title="Nothing to show yet">
        <p>
          Declare services in <code>opsdeck.yml</code>, or start containers on the Docker engine: compose
          projects show up as stacks by themselves.
        </p>
      </EmptyState>
    );
  } else if (query.view === "list") {
    body = (
      <ServiceTable
        services={shown.size === services.length ? services : services.filter((s) => shown.has(s.id))}
        stacks={snapshot.stacks}
        names={names}
      />
    );
  } else {
    body = (
      <div className={CANVAS}>
        <MapCanvas snapshot={snapshot} shown={shown} filterKey={filterKey} />
        <Warnings snapshot={snapshot} floating />
        {shown.size === 0 && (
          <p className="absolute inset-0 flex items-center justify-center text-sm text-muted-foreground">
            No service matches these filters.
          </p>
        )}
      </div>
    );
  }

  // A fresh install sees only Opsdeck watching itself: say how to add the first real service.
  const onlyItself = services.length > 0 && services.every((s) => s.stackId === "opsdeck");

  return (
    <div>
      <PageHeader
        title="Service map"
        description="Every stack and service, laid out by dependency: arrows point at what a service needs. Live."
        actions={<StreamState connection={connection} lostAt={lostAt} />}
      />
      <MapToolbar
        query={query}
        onChange={update}
        stacks={snapshot?.stacks ?? []}
        tags={tags}
        shown={snapshot ? shown.size : 0}
        total={services.length}
      />
      {query.view === "list" && snapshot && <Warnings snapshot={snapshot} floating={false} />}
      {onlyItself && <FirstServiceHint />}
      {body}
      {snapshot && hasFilters(query) && query.view === "list" && shown.size === 0 && (
        <p className="mt-4 text-sm text-muted-foreground">No service matches these filters.</p>
      )}
    </div>
  );
}
