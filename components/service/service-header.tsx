"use client";

import Link from "next/link";
import { StateBadge } from "@/components/service-map/state-badge";
import type { ServiceDetail, ServiceLink } from "@/lib/monitor/service-views";
import { formatAgo, formatTime } from "./format";

/** What is broken, why and since when: the first thing on the page, in words and a shape. */
export function ServiceHeader({ service, now }: { service: ServiceDetail; now: number }) {
  return (
    <header className="mb-6 space-y-3" data-testid="service-header" data-state={service.status}>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold tracking-tight">{service.name}</h1>
        <StateBadge state={service.status} />
        <span className="text-sm text-muted-foreground">
          {service.kind === "container" ? "containers" : "external"} · stack {service.stackName}
        </span>
      </div>
      <p className="text-sm">
        <span className="font-medium" data-testid="service-reason">
          {service.reason}
        </span>
        <span className="text-muted-foreground">
          {" "}
          · {service.status} since{" "}
          <time dateTime={service.since} title={formatTime(service.since)}>
            {formatAgo(service.since, now)}
          </time>
        </span>
      </p>
      {service.impactedBy && (
        <p className="rounded-md border border-red-300 bg-danger-surface px-3 py-2 text-sm text-danger dark:border-red-900">
          <span aria-hidden="true">▲ </span>
          {service.impactedBy.reason}
          {service.impactedBy.rootCauses.length > 0 && (
            <>
              {" "}
              · root cause:{" "}
              {service.impactedBy.rootCauses.map((id, i) => (
                <span key={id}>
                  {i > 0 && ", "}
                  <Link className="font-medium underline" href={`/services/${encodeURIComponent(id)}`}>
                    {id}
                  </Link>
                </span>
              ))}
            </>
          )}
        </p>
      )}
      {service.description && (
        <p className="max-w-3xl text-sm text-muted-foreground">{service.description}</p>
      )}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted-foreground">Owner</dt>
        <dd>
          {service.owner ?? (
            <span className="text-muted-foreground">not set (add owner: in opsdeck.yml)</span>
          )}
        </dd>
        {service.tags.length > 0 && (
          <>
            <dt className="text-muted-foreground">Tags</dt>
            <dd>{service.tags.join(", ")}</dd>
          </>
        )}
        <dt className="text-muted-foreground">Depends on</dt>
        <dd>
          <Links links={service.dependencies} none="nothing declared or discovered" />
        </dd>
        <dt className="text-muted-foreground">Needed by</dt>
        <dd>
          <Links links={service.dependents} none="no other service" />
        </dd>
      </dl>
    </header>
  );
}

function Links({ links, none }: { links: ServiceLink[]; none: string }) {
  if (links.length === 0) return <span className="text-muted-foreground">{none}</span>;
  return (
    <ul className="flex flex-wrap gap-2">
      {links.map((l) => (
        <li key={l.id} className="inline-flex items-center gap-1.5">
          <Link
            className="font-medium underline-offset-2 hover:underline"
            href={`/services/${encodeURIComponent(l.id)}`}
          >
            {l.name}
          </Link>
          <StateBadge state={l.status} />
          <span className="text-xs text-muted-foreground">({l.source})</span>
        </li>
      ))}
    </ul>
  );
}
