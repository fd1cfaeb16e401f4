"use client";

import Link from "next/link";
import { useState } from "react";
import { LocalTime } from "@/components/actions/local-time";
import { type Send } from "@/components/live/use-live-record";
import { Viewers } from "@/components/live/viewers";
import { formatDuration } from "@/components/service/format";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { RunPageData } from "@/lib/playbooks/run-queries";

/** What the run's header and timeline get: the run, whether the viewer may act, and how. */
export interface RunPart {
  run: RunPageData;
  act: boolean;
  send: Send;
  pending: boolean;
}

export function RunHeader({ run, act, send, pending, viewers }: RunPart & { viewers: string[] }) {
  const [mode, setMode] = useState<"handover" | "abandon" | null>(null);
  const [value, setValue] = useState("");
  const { state } = run;
  const live = run.status === "running" || run.status === "paused";
  const tone: BadgeTone =
    run.status === "completed"
      ? "up"
      : run.status === "abandoned"
        ? "down"
        : run.status === "paused"
          ? "degraded"
          : "maintenance";
  const done = Object.values(state.steps).filter((s) => ["done", "skipped"].includes(s.status)).length;
  return (
    <section aria-label="Run" className="space-y-3 rounded-lg border border-border bg-surface p-4">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={tone} data-testid="playbook-run-status">
          {run.status}
        </Badge>
        <span className="text-sm">
          {done} of {run.playbook.steps.length} steps · run by <strong>{state.owner.name}</strong>
        </span>
        {state.props.severity && <Badge>{state.props.severity}</Badge>}
        {state.props.service && (
          <span className="text-sm">
            service{" "}
            <Link href={`/services/${encodeURIComponent(state.props.service)}`}>{state.props.service}</Link>
          </span>
        )}
      </div>
      <Viewers names={viewers} />
      <p className="text-xs text-muted-foreground">
        Started by {run.startedBy} <LocalTime iso={run.startedAt} />
        {run.endedAt && (
          <>
            {" "}
            · ended <LocalTime iso={run.endedAt} /> after{" "}
            {formatDuration(Date.parse(run.endedAt) - Date.parse(run.startedAt))}
          </>
        )}
        {state.reason && <> · {state.reason}</>}
      </p>
      {act && live && (
        <div className="flex flex-wrap gap-2">
          {run.status === "running" ? (
            <Button
              variant="secondary"
              size="sm"
              disabled={pending}
              onClick={() => void send({ type: "pause" })}
            >
              Pause
            </Button>
          ) : (
            <Button size="sm" disabled={pending} onClick={() => void send({ type: "resume" })}>
              Resume
            </Button>
          )}
          <Button
            variant="secondary"
            size="sm"
            onClick={() => setMode(mode === "handover" ? null : "handover")}
          >
            Hand over
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setMode(mode === "abandon" ? null : "abandon")}>
            Abandon
          </Button>
        </div>
      )}
      {act && live && mode && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const command =
              mode === "handover" ? { type: "handover", to: value } : { type: "abandon", reason: value };
            void send(command).then((ok) => {
              if (ok) {
                setMode(null);
                setValue("");
              }
            });
          }}
        >
          <label className="flex min-w-64 flex-1 flex-col gap-1 text-sm">
            {mode === "handover" ? "Hand over to (email)" : "Why is the run abandoned?"}
            <Input value={value} onChange={(e) => setValue(e.target.value)} required />
          </label>
          <Button
            type="submit"
            size="sm"
            variant={mode === "abandon" ? "danger" : "primary"}
            disabled={pending}
          >
            {mode === "handover" ? "Hand over" : "Abandon the run"}
          </Button>
        </form>
      )}
    </section>
  );
}
