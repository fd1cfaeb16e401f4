"use client";

import Link from "next/link";
import { memo, useState } from "react";
import { runHref } from "@/components/actions/format";
import { LocalTime } from "@/components/actions/local-time";
import { useLiveRecord } from "@/components/live/use-live-record";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { playbookCommandAction } from "@/lib/playbooks/actions";
import type { RunPageData } from "@/lib/playbooks/run-queries";
import { type StepStatus } from "@/lib/playbooks/run-machine";
import { StepBody } from "./step-body";
import { CurrentStep, type StepPart } from "./current-step";
import { NoteForm } from "./step-forms";
import { RunHeader, type RunPart } from "./run-header";

const STATUS_TONE: Record<StepStatus, BadgeTone> = {
  pending: "neutral",
  active: "maintenance",
  running: "maintenance",
  done: "up",
  failed: "down",
  skipped: "unknown",
};
const STATUS_WORD: Record<StepStatus, string> = {
  pending: "to do",
  active: "now",
  running: "under way",
  done: "done",
  failed: "failed",
  skipped: "skipped",
};

/**
 * A playbook run, followed live by everyone who opens it: the current step with what it needs
 * (a click, an answer, ticks, an approval), what the others did, and the run's timeline. The
 * server decides every transition; the page only sends commands and shows what is stored.
 */
export function RunView({
  initial,
  canAct,
  me,
}: {
  initial: RunPageData;
  canAct: boolean;
  me: { id: string; email: string; role: string };
}) {
  const {
    data: run,
    send,
    error,
    pending,
    refresh,
    viewers,
  } = useLiveRecord<RunPageData>(
    `/api/v1/playbook-runs/${initial.id}`,
    initial,
    (current) => (["completed", "abandoned"].includes(current.status) ? 15_000 : 1_000),
    (command) => playbookCommandAction({ runId: initial.id, ...command }),
  );

  const { state, playbook } = run;
  const live = run.status === "running" || run.status === "paused";
  const act = canAct && live;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="min-w-0 space-y-4">
        <RunHeader run={run} act={canAct} send={send} pending={pending} viewers={viewers} />
        {error && (
          <p
            role="alert"
            className="rounded-md border border-red-300 bg-danger-surface px-3 py-2 text-sm text-danger"
          >
            {error}
          </p>
        )}
        <ol className="space-y-3" aria-label="Steps">
          {playbook.steps.map((step, i) => (
            <StepCard
              key={step.id}
              index={i}
              step={step}
              s={state.steps[step.id]}
              current={state.current === step.id}
              run={run}
              act={act && run.status === "running"}
              me={me}
              send={send}
              refresh={refresh}
              pending={pending}
            />
          ))}
        </ol>
      </div>
      <Timeline run={run} act={canAct} send={send} pending={pending} />
    </div>
  );
}

type StepCardProps = StepPart & { index: number; current: boolean };

/**
 * A step that is not the current one draws only from its own state: a change elsewhere in the run
 * (every read brings new objects) does not draw it again, so a long run stays quick to follow.
 */
const StepCard = memo(StepCardView, (before, after) => {
  if (before.current || after.current) return false;
  return (
    before.index === after.index &&
    before.step.id === after.step.id &&
    before.act === after.act &&
    before.pending === after.pending &&
    before.run.id === after.run.id &&
    JSON.stringify(before.s) === JSON.stringify(after.s)
  );
});

function StepCardView({ index, current, ...part }: StepCardProps) {
  const { step, s, run, act, me, send, refresh, pending } = part;
  const [open, setOpen] = useState(false);
  const expanded = current || open;
  return (
    <li
      data-testid={`step-${step.id}`}
      data-status={s.status}
      aria-current={current ? "step" : undefined}
      className={`rounded-lg border bg-surface p-4 ${current ? "border-primary ring-1 ring-primary" : "border-border"}`}
    >
      <header className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-muted-foreground tabular-nums">{index + 1}.</span>
        <h2 className="font-semibold">
          <button
            type="button"
            className="text-left hover:underline"
            onClick={() => setOpen(!open)}
            aria-expanded={expanded}
          >
            {step.title}
          </button>
        </h2>
        <Badge tone={STATUS_TONE[s.status]}>{STATUS_WORD[s.status]}</Badge>
        <span className="text-xs text-muted-foreground">{step.kind}</span>
        {s.by && <span className="text-xs text-muted-foreground">by {s.by}</span>}
        {s.endedAt && <LocalTime iso={s.endedAt} className="text-xs text-muted-foreground" />}
      </header>
      {s.result && (
        <p
          className={`mt-2 text-sm ${s.result.ok ? "" : "text-danger"}`}
          data-testid={`step-${step.id}-result`}
        >
          {s.result.ok ? "✓" : "✗"} {s.result.reason}
          {s.result.value !== undefined && <> · value {String(s.result.value)}</>}
          {s.result.runId && (
            <>
              {" "}
              · <Link href={runHref(s.result.runId)}>action output</Link>
            </>
          )}
        </p>
      )}
      {s.reason && <p className="mt-2 text-sm text-muted-foreground">{s.reason}</p>}
      {s.answer && step.kind === "decision" && <p className="mt-2 text-sm">Answer: {s.answer}</p>}
      {s.note && <p className="mt-2 text-sm whitespace-pre-wrap">{s.note}</p>}
      {expanded && (
        <div className="mt-3 space-y-3">
          <StepBody step={step} />
          {current && (
            <CurrentStep
              step={step}
              s={s}
              run={run}
              act={act}
              me={me}
              send={send}
              refresh={refresh}
              pending={pending}
            />
          )}
        </div>
      )}
      {act &&
        !current &&
        s.status !== "pending" &&
        ["check", "action", "wait"].includes(step.kind) &&
        s.status !== "running" && (
          <Button
            variant="ghost"
            size="sm"
            className="mt-2"
            disabled={pending}
            onClick={() => void send({ type: "rerun", stepId: step.id })}
          >
            Run again
          </Button>
        )}
    </li>
  );
}

function Timeline({ run, act, send, pending }: RunPart) {
  return (
    <aside aria-label="Timeline" className="space-y-3">
      <h2 className="text-base font-semibold">Timeline</h2>
      {act && <NoteForm send={send} pending={pending} label="Note for the timeline" />}
      <ol className="space-y-2 text-sm" data-testid="run-timeline">
        {[...run.events].reverse().map((e) => (
          <TimelineEntry key={e.id} e={e} />
        ))}
      </ol>
    </aside>
  );
}

/** Timeline entries never change once written: each is drawn once. */
const TimelineEntry = memo(
  function TimelineEntry({ e }: { e: RunPart["run"]["events"][number] }) {
    return (
      <li className="border-l-2 border-border pl-3">
        <p>
          {e.message}
          {typeof e.data?.runId === "string" && (
            <>
              {" "}
              <Link href={runHref(e.data.runId)}>output</Link>
            </>
          )}
        </p>
        <p className="text-xs text-muted-foreground">
          <LocalTime iso={e.at} /> · {e.actorName}
        </p>
      </li>
    );
  },
  (before, after) => before.e.id === after.e.id,
);
