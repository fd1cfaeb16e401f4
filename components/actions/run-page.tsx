"use client";

import Link from "next/link";
import type { RunView } from "@/lib/actions/schemas";
import { serviceHref } from "./format";
import { LocalTime } from "./local-time";
import { RunOutputView } from "./run-output";
import { RunStatusBadge } from "./run-status-badge";
import { useRunStream } from "./use-run-stream";

/** One run: what, on what, by whom and when, with its output following live until it ends. */
export function RunPage({ initial }: { initial: RunView }) {
  const stream = useRunStream(initial.id, initial);
  const run = stream.run ?? initial;
  const audit = `/audit?${auditQuery(run)}`;
  return (
    <div className="space-y-6" data-testid="run-page" data-run-id={run.id}>
      <header className="space-y-3">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold tracking-tight">
            {run.actionId} <span className="font-normal text-muted-foreground">on</span> {run.target}
          </h1>
          <RunStatusBadge status={run.status} />
        </div>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted-foreground">Kind</dt>
          <dd className="font-mono text-xs leading-5">{run.kind}</dd>
          <dt className="text-muted-foreground">Service</dt>
          <dd>
            {run.serviceId ? (
              <Link className="underline underline-offset-2" href={serviceHref(run.serviceId)}>
                {run.serviceId}
              </Link>
            ) : (
              "—"
            )}
          </dd>
          <dt className="text-muted-foreground">Started by</dt>
          <dd className="break-all">{run.actorName}</dd>
          <dt className="text-muted-foreground">Started</dt>
          <dd>
            <LocalTime iso={run.startedAt} />
          </dd>
          {run.finishedAt && (
            <>
              <dt className="text-muted-foreground">Finished</dt>
              <dd>
                <LocalTime iso={run.finishedAt} />
              </dd>
            </>
          )}
          <dt className="text-muted-foreground">Parameters</dt>
          <dd className="font-mono text-xs leading-5 break-all">
            {initial.withheld ? "withheld" : JSON.stringify(run.params ?? {})}
          </dd>
        </dl>
        <p className="flex flex-wrap gap-4 text-sm">
          <Link className="underline underline-offset-2" href={audit} data-testid="run-audit-link">
            Audit events of this run
          </Link>
          <Link className="underline underline-offset-2" href="/actions">
            All runs
          </Link>
        </p>
      </header>
      <section aria-labelledby="run-output-title" className="space-y-3 border-t border-border pt-5">
        <h2 id="run-output-title" className="text-base font-semibold">
          Output
        </h2>
        {initial.withheld ? (
          <p className="text-sm text-muted-foreground" data-testid="run-output-withheld">
            Output withheld: {initial.withheld}.
          </p>
        ) : (
          <RunOutputView stream={stream} title={run.actionId} />
        )}
      </section>
    </div>
  );
}

/** The run's audit events: same target, from just before it started to just after it ended. */
function auditQuery(run: RunView): URLSearchParams {
  return new URLSearchParams({ runId: run.id });
}
