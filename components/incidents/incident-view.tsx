"use client";

import Link from "next/link";
import { useState } from "react";
import { LocalTime } from "@/components/actions/local-time";
import { useLiveRecord } from "@/components/live/use-live-record";
import { Viewers } from "@/components/live/viewers";
import { formatDuration } from "@/components/service/format";
import { useNow } from "@/components/service/use-now";
import { Badge } from "@/components/ui/badge";
import { incidentCommandAction } from "@/lib/incidents/actions";
import { targets, type Target } from "@/lib/incidents/model";
import type { IncidentDetail } from "@/lib/incidents/types";
import { STATUS_TONE } from "./format";
import { Controls } from "./incident-controls";
import { Timeline } from "./incident-timeline";
import { FollowUps, Playbooks } from "./incident-work";

const TARGET_WORD: Record<Target["name"], string> = {
  acknowledge: "Acknowledge",
  update: "Next update",
  resolve: "Resolve",
};
/**
 * An incident, live for everyone who has it open (re-read every 2 s): its clocks counting, the
 * roles, what to do next, and the timeline. Every change goes through one verb on the server.
 */
export function IncidentView({
  initial,
  canManage,
  canRunPlaybooks,
  playbooks,
  severities,
}: {
  initial: IncidentDetail;
  canManage: boolean;
  canRunPlaybooks: boolean;
  playbooks: { id: string; title: string; runnable: boolean }[];
  severities: { id: string; name: string }[];
}) {
  const [wholeTimeline, setWholeTimeline] = useState(false);
  const {
    data: incident,
    send,
    error,
    pending,
    viewers,
  } = useLiveRecord<IncidentDetail>(
    `/api/v1/incidents/${initial.id}`,
    initial,
    () => 2_000,
    (command) => incidentCommandAction({ incidentId: initial.id, ...command }),
    wholeTimeline ? "?timeline=all" : "",
  );
  const now = useNow(1000);
  const clocks = incident.severityInfo ? targets(incident, incident.severityInfo, now) : incident.targets;
  const updateDue = clocks.find((c) => c.name === "update" && c.leftMs !== null && c.leftMs < 5 * 60_000);
  const open = incident.status !== "resolved";

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
      <div className="min-w-0 space-y-4">
        <section aria-label="Incident" className="space-y-3 rounded-lg border border-border bg-surface p-4">
          <div className="flex flex-wrap items-center gap-2">
            <Badge data-testid="incident-severity">{incident.severity}</Badge>
            <Badge tone={STATUS_TONE[incident.status]} data-testid="incident-status">
              {incident.status}
            </Badge>
            <span className="text-sm">
              Commander <strong data-testid="incident-commander">{incident.commander}</strong>
              {incident.scribe && <> · scribe {incident.scribe}</>}
              {incident.responders.length > 0 && <> · responders {incident.responders.join(", ")}</>}
            </span>
          </div>
          <p className="text-sm">
            {incident.services.length ? (
              <>
                Affected:{" "}
                {incident.services.map((s, i) => (
                  <span key={s}>
                    {i > 0 && ", "}
                    <Link href={`/services/${encodeURIComponent(s)}`} className="underline">
                      {s}
                    </Link>
                  </span>
                ))}
                {incident.watched.length > incident.services.length && (
                  <span className="text-muted-foreground">
                    {" "}
                    (their dependencies are followed too:{" "}
                    {incident.watched.filter((w) => !incident.services.includes(w)).join(", ")})
                  </span>
                )}
              </>
            ) : (
              <span className="text-muted-foreground">No affected service named yet.</span>
            )}
          </p>
          <Viewers names={viewers} />
          <p className="text-xs text-muted-foreground">
            Declared by {incident.declaredBy} <LocalTime iso={incident.declaredAt} />
            {incident.severityInfo?.description && <> · {incident.severityInfo.description}</>}
          </p>
          <ul className="grid gap-2 sm:grid-cols-3" aria-label="Response targets">
            {clocks.map((c) => (
              <li
                key={c.name}
                data-testid={`target-${c.name}`}
                data-overdue={c.overdue ? "true" : "false"}
                className={`rounded-md border p-2 text-sm ${c.overdue && !c.metAt ? "border-red-400 bg-danger-surface text-danger" : "border-border"}`}
              >
                <p className="font-medium">{TARGET_WORD[c.name]}</p>
                <p className="tabular-nums">
                  {c.metAt
                    ? `done${c.overdue ? " (late)" : ""}`
                    : c.leftMs === null
                      ? "—"
                      : c.leftMs >= 0
                        ? `in ${formatDuration(c.leftMs)}`
                        : `overdue by ${formatDuration(-c.leftMs)}`}
                </p>
              </li>
            ))}
          </ul>
          {open && updateDue && (
            <p role="status" className="text-sm font-medium text-warning" data-testid="update-reminder">
              {updateDue.overdue ? "A public update is overdue" : "A public update is due soon"}: post one
              below
              {incident.severityInfo?.escalateTo
                ? ` (overdue updates concern ${incident.severityInfo.escalateTo})`
                : ""}
              .
            </p>
          )}
        </section>

        {error && (
          <p
            role="alert"
            className="rounded-md border border-red-300 bg-danger-surface px-3 py-2 text-sm text-danger"
          >
            {error}
          </p>
        )}

        {canManage && <Controls incident={incident} send={send} pending={pending} severities={severities} />}

        <Playbooks incident={incident} playbooks={playbooks} canRun={canRunPlaybooks && open} />
        <FollowUps incident={incident} canManage={canManage} send={send} pending={pending} />
      </div>
      <Timeline
        entries={incident.timeline}
        total={incident.timelineTotal}
        loadAll={() => setWholeTimeline(true)}
        canManage={canManage}
        send={send}
        pending={pending}
      />
    </div>
  );
}
