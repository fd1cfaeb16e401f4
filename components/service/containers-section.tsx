"use client";

import { Skeleton } from "@/components/ui/skeleton";
import type { ContainerView } from "@/lib/containers/schemas";
import { ContainersTable } from "./containers-table";
import { Section } from "./section";
import { useContainerStats } from "./use-container-stats";
import { useServiceContainers } from "./use-service";

/** Containers with live stats; hands the loaded list to what needs it (the log viewer). */
export function ContainersSection({
  serviceId,
  version,
  dockerUp,
  now,
  children,
}: {
  serviceId: string;
  version: string;
  dockerUp: boolean;
  now: number;
  children: (containers: ContainerView[]) => React.ReactNode;
}) {
  const containers = useServiceContainers(serviceId, version);
  const running = containers.data?.some((c) => c.state === "running") ?? false;
  const { stats, connected } = useContainerStats(serviceId, version, dockerUp && running);
  return (
    <>
      <Section
        id="containers"
        title="Containers"
        description={
          running && connected === false
            ? "Live stats disconnected; reconnecting…"
            : "CPU and memory update every 2 s."
        }
      >
        {containers.data ? (
          containers.data.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              No container of this service exists right now. Start it (for example{" "}
              <code>docker compose up -d</code>) and it appears here within a second.
            </p>
          ) : (
            <ContainersTable containers={containers.data} stats={stats} now={now} />
          )
        ) : containers.error ? (
          <p role="alert" className="text-sm text-danger">
            {containers.error.message}
          </p>
        ) : (
          <div role="status">
            <span className="sr-only">Loading containers…</span>
            <Skeleton className="h-20 w-full" />
          </div>
        )}
      </Section>
      {containers.data && containers.data.length > 0 && children(containers.data)}
    </>
  );
}
