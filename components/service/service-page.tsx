"use client";

import Link from "next/link";
import { ActionsPanel } from "@/components/actions/actions-panel";
import { ServicePlaybooks } from "@/components/playbooks/service-playbooks";
import { ServiceSchedules } from "@/components/schedules/service-schedules";
import { ServiceMaintenance } from "@/components/maintenance/service-banner";
import { HistoryPanel } from "@/components/charts/history-panel";
import { LogViewer } from "@/components/logs/log-viewer";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { ChecksTable } from "./checks-table";
import { ContainersSection } from "./containers-section";
import { RecentEvents } from "./recent-events";
import { Section } from "./section";
import { ServiceHeader } from "./service-header";
import { useLiveService } from "./use-live-service";
import { useNow } from "./use-now";
import { useServiceEvents } from "./use-service";

/**
 * /services/[id]: what is wrong with one service, since when and why, with its evidence, and
 * the actions that fix it. `role` only decides what is offered; the server checks every run.
 */
export function ServicePage({ serviceId, role }: { serviceId: string; role: string }) {
  const { service, detail, connection, version, containersVersion } = useLiveService(serviceId);
  const events = useServiceEvents(serviceId, version);
  const now = useNow();

  if (!service) {
    if (detail.error)
      return (
        <EmptyState
          tone={(detail.error as { status?: number }).status === 404 ? "neutral" : "error"}
          headingLevel="h1"
          title={
            (detail.error as { status?: number }).status === 404
              ? "No such service"
              : "This service could not be loaded"
          }
          action={
            <Button asChild variant="secondary">
              <Link href="/map">Go to the service map</Link>
            </Button>
          }
        >
          <p>{detail.error.message}</p>
        </EmptyState>
      );
    return (
      <div role="status" aria-live="polite">
        <span className="sr-only">Loading the service…</span>
        <Skeleton className="mb-2 h-7 w-64" />
        <Skeleton className="mb-6 h-4 w-96 max-w-full" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }

  return (
    <div className="space-y-6" data-testid="service-page">
      <ServiceHeader service={service} now={now} />
      <ServiceMaintenance
        serviceId={serviceId}
        status={service.status}
        reason={service.reason}
        version={version}
      />
      {connection !== "open" && (
        <p role="status" className="text-sm font-medium text-warning">
          Live updates are disconnected; reconnecting. What you see may be out of date.
        </p>
      )}
      {service.kind === "container" && service.docker.state !== "connected" && (
        <EmptyState tone="warning" title="Docker engine not reachable" headingLevel="h2">
          <p>
            Opsdeck cannot reach the Docker engine at <code>{service.docker.host}</code>
            {service.docker.error ? ` (${service.docker.error})` : ""}, so container state, stats and logs are
            unknown. Start the engine, or set <code>DOCKER_HOST</code> to where it listens (for example{" "}
            <code>unix:///var/run/docker.sock</code> or <code>tcp://host:2375</code>) and restart Opsdeck.
          </p>
        </EmptyState>
      )}
      <ActionsPanel
        serviceId={serviceId}
        serviceName={service.name}
        role={role}
        version={containersVersion}
      />
      <ServicePlaybooks serviceId={serviceId} />
      <ServiceSchedules serviceId={serviceId} />
      <Section id="checks" title="Checks">
        <ChecksTable service={service} now={now} />
      </Section>
      <Section id="history" title="History">
        <HistoryPanel serviceId={serviceId} version={version} hasChecks={service.checks.length > 0} />
      </Section>
      {service.kind === "container" && (
        <ContainersSection
          serviceId={serviceId}
          version={containersVersion}
          dockerUp={service.docker.state === "connected"}
          now={now}
        >
          {(containers) => (
            <Section
              id="logs"
              title="Logs"
              description="Filtered on the server; stderr lines are marked err."
            >
              <LogViewer serviceId={serviceId} containers={containers} />
            </Section>
          )}
        </ContainersSection>
      )}
      <Section id="events" title="Recent events" description="State changes and Docker events, newest first.">
        {events.data ? (
          <RecentEvents events={events.data} />
        ) : events.error ? (
          <p role="alert" className="text-sm text-danger">
            {events.error.message}
          </p>
        ) : (
          <div role="status">
            <span className="sr-only">Loading events…</span>
            <Skeleton className="h-24 w-full" />
          </div>
        )}
      </Section>
    </div>
  );
}
