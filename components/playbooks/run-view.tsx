"use client";

import Link from "next/link";
import { useState } from "react";
import { ActionForm } from "@/components/actions/action-form";
import { runHref } from "@/components/actions/format";
import { LocalTime } from "@/components/actions/local-time";
import { RunOutput } from "@/components/actions/run-output";
import { useServiceActions } from "@/components/actions/use-actions";
import { useLiveRecord, type Send } from "@/components/live/use-live-record";
import { Viewers } from "@/components/live/viewers";
import { formatDuration } from "@/components/service/format";
import { useNow } from "@/components/service/use-now";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { playbookCommandAction } from "@/lib/playbooks/actions";
import { describeCondition } from "@/lib/playbooks/conditions";
import type { RunPageData } from "@/lib/playbooks/run-queries";
import { resolveParams, type StepState, type StepStatus } from "@/lib/playbooks/run-machine";
import type { PlaybookStep } from "@/lib/playbooks/schemas";
import { StepBody } from "./step-body";

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

/** What the run's header and timeline get: the run, whether the viewer may act, and how. */
interface RunPart {
  run: RunPageData;
  act: boolean;
  send: Send;
  pending: boolean;
}

function RunHeader({ run, act, send, pending, viewers }: RunPart & { viewers: string[] }) {
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
        <Badge tone={tone} data-testid="run-status">
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

function StepCard({
  index,
  step,
  s,
  current,
  run,
  act,
  me,
  send,
  refresh,
  pending,
}: {
  index: number;
  step: PlaybookStep;
  s: StepState;
  current: boolean;
  run: RunPageData;
  act: boolean;
  me: { id: string; email: string; role: string };
  send: Send;
  refresh: () => Promise<void>;
  pending: boolean;
}) {
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

function CurrentStep({
  step,
  s,
  run,
  act,
  me,
  send,
  refresh,
  pending,
}: {
  step: PlaybookStep;
  s: StepState;
  run: RunPageData;
  act: boolean;
  me: { id: string; email: string; role: string };
  send: Send;
  refresh: () => Promise<void>;
  pending: boolean;
}) {
  const now = useNow(1000);
  const failed = s.status === "failed";
  const controls = (() => {
    if (!act) return null;
    if (failed)
      return step.kind === "approval" ? (
        <Button size="sm" disabled={pending} onClick={() => void send({ type: "retry", stepId: step.id })}>
          Ask again
        </Button>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button size="sm" disabled={pending} onClick={() => void send({ type: "retry", stepId: step.id })}>
            Retry
          </Button>
          <SkipForm stepId={step.id} send={send} pending={pending} />
        </div>
      );
    switch (step.kind) {
      case "instruction":
        return (
          <Button
            size="sm"
            disabled={pending}
            onClick={() => void send({ type: "complete", stepId: step.id })}
          >
            Done, next step
          </Button>
        );
      case "action":
        return s.status === "running" ? null : <ActionStep step={step} run={run} refresh={refresh} />;
      case "wait":
        return s.status === "running" ? null : (
          <Button
            size="sm"
            disabled={pending}
            onClick={() => void send({ type: "run-step", stepId: step.id })}
          >
            Start waiting
          </Button>
        );
      case "decision":
        return step.options ? (
          <div className="flex flex-wrap gap-2" role="group" aria-label={step.question}>
            {step.options.map((o) => (
              <Button
                key={o.label}
                size="sm"
                variant="secondary"
                disabled={pending}
                onClick={() => void send({ type: "answer", stepId: step.id, option: o.label })}
              >
                {o.label}
              </Button>
            ))}
          </div>
        ) : null;
      case "checklist":
        return <Checklist step={step} s={s} send={send} />;
      case "approval": {
        const mine = s.approval?.requestedBy.id === me.id;
        return (
          <div className="space-y-2">
            <p className="text-sm">
              Waiting for someone with the {step.role} role other than {s.approval?.requestedBy.name}
              {s.deadline && (
                <> · denied in {formatDuration(Math.max(0, Date.parse(s.deadline) - now))} if unanswered</>
              )}
              .
            </p>
            {mine ? (
              <p className="text-sm text-muted-foreground">
                You asked for this approval, so someone else must give it: send them this page&apos;s link.
              </p>
            ) : (
              <div className="flex gap-2">
                <Button
                  size="sm"
                  disabled={pending}
                  onClick={() => void send({ type: "approve", stepId: step.id })}
                >
                  Approve
                </Button>
                <Button
                  size="sm"
                  variant="danger"
                  disabled={pending}
                  onClick={() => void send({ type: "deny", stepId: step.id })}
                >
                  Deny
                </Button>
              </div>
            )}
          </div>
        );
      }
      case "note":
        return <NoteForm stepId={step.id} send={send} pending={pending} label={step.prompt ?? "Note"} />;
      default:
        return null;
    }
  })();
  return (
    <div className="space-y-2 border-t border-border pt-3">
      {s.status === "running" && step.kind === "wait" && (
        <p className="text-sm" aria-live="polite" data-testid={`step-${step.id}-live`}>
          Waiting until {describeCondition(step.until)}: now {run.live[step.id]?.observed ?? "…"}
          {s.deadline && <> · {formatDuration(Math.max(0, Date.parse(s.deadline) - now))} left</>}
        </p>
      )}
      {s.status === "running" && (step.kind === "check" || step.kind === "decision") && (
        <p className="text-sm" aria-live="polite">
          Running the check…
        </p>
      )}
      {s.status === "running" &&
        step.kind === "action" &&
        (s.runId ? (
          <RunOutput runId={s.runId} title={step.title} />
        ) : (
          <p className="text-sm">Starting the action…</p>
        ))}
      {controls}
      {act && !failed && step.kind !== "approval" && s.status !== "running" && (
        <SkipForm stepId={step.id} send={send} pending={pending} />
      )}
    </div>
  );
}

function ActionStep({
  step,
  run,
  refresh,
}: {
  step: Extract<PlaybookStep, { kind: "action" }>;
  run: RunPageData;
  refresh: () => Promise<void>;
}) {
  const { data: actions, error } = useServiceActions(step.service);
  const action = actions?.find((a) => a.id === step.action);
  if (error) return <p className="text-sm text-danger">{error.message}</p>;
  if (!actions) return <p className="text-sm text-muted-foreground">Loading the action…</p>;
  if (!action)
    return (
      <p className="text-sm text-danger">
        {step.service} has no action {step.action} now.
      </p>
    );
  if (!action.allowed)
    return (
      <p className="text-sm text-muted-foreground">You cannot run this action: {action.disabledReason}.</p>
    );
  let prefill: Record<string, string | number | boolean> = {};
  try {
    prefill = resolveParams(step, run.state) as typeof prefill;
  } catch {
    prefill = {};
  }
  return (
    <ActionForm
      action={action}
      serviceName={step.service}
      prefill={prefill}
      onStarted={() => undefined}
      start={async (request) => {
        const result = await playbookCommandAction({
          runId: run.id,
          type: "run-step",
          stepId: step.id,
          params: request.params as Record<string, string | number | boolean>,
          confirmation: request.confirmation,
        });
        await refresh();
        return result.ok ? { ok: true, data: { runId: run.id } } : result;
      }}
    />
  );
}

function Checklist({
  step,
  s,
  send,
}: {
  step: Extract<PlaybookStep, { kind: "checklist" }>;
  s: StepState;
  send: Send;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  // Shown ticked at once; the stored state replaces it when the server answers (or reverts it).
  const [optimistic, setOptimistic] = useState<Record<string, boolean>>({});
  const toggle = (itemId: string, checked: boolean, value?: string) => {
    setOptimistic((o) => ({ ...o, [itemId]: checked }));
    void send({
      type: "tick",
      stepId: step.id,
      itemId,
      checked,
      ...(value !== undefined && checked ? { value } : {}),
    }).finally(() =>
      setOptimistic((o) => {
        const { [itemId]: _done, ...rest } = o;
        return rest;
      }),
    );
  };
  return (
    <ul className="space-y-2">
      {step.items.map((item) => {
        const ticked = s.items?.[item.id];
        const id = `${step.id}-${item.id}`;
        return (
          <li key={item.id} className="flex flex-wrap items-center gap-2 text-sm">
            <input
              id={id}
              type="checkbox"
              checked={optimistic[item.id] ?? Boolean(ticked)}
              disabled={item.id in optimistic || (!ticked && Boolean(item.input) && !values[item.id]?.trim())}
              onChange={(e) => toggle(item.id, e.target.checked, item.input ? values[item.id] : undefined)}
            />
            <label htmlFor={id}>{item.text}</label>
            {item.input && !ticked && (
              <Input
                aria-label={item.input.label}
                placeholder={item.input.label}
                type={item.input.type === "number" ? "number" : item.input.type === "url" ? "url" : "text"}
                className="h-8 max-w-xs"
                value={values[item.id] ?? ""}
                onChange={(e) => setValues((v) => ({ ...v, [item.id]: e.target.value }))}
              />
            )}
            {ticked && (
              <span className="text-xs text-muted-foreground">
                {ticked.value && <>{ticked.value} · </>}
                {ticked.by} <LocalTime iso={ticked.at} />
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function SkipForm({ stepId, send, pending }: { stepId: string; send: Send; pending: boolean }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  if (!open)
    return (
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)}>
        Skip…
      </Button>
    );
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void send({ type: "skip", stepId, reason });
      }}
    >
      <label className="flex min-w-64 flex-1 flex-col gap-1 text-sm">
        Why skip this step?
        <Input value={reason} onChange={(e) => setReason(e.target.value)} required />
      </label>
      <Button type="submit" size="sm" variant="secondary" disabled={pending}>
        Skip the step
      </Button>
    </form>
  );
}

function NoteForm({
  stepId,
  send,
  pending,
  label,
}: {
  stepId?: string;
  send: Send;
  pending: boolean;
  label: string;
}) {
  const [text, setText] = useState("");
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        void send({ type: "note", ...(stepId ? { stepId } : {}), text }).then((ok) => ok && setText(""));
      }}
    >
      <label className="flex flex-col gap-1 text-sm">
        {label}
        <textarea
          className="min-h-20 rounded-md border border-input bg-background p-2 text-sm"
          value={text}
          onChange={(e) => setText(e.target.value)}
          required
        />
      </label>
      <Button type="submit" size="sm" disabled={pending || !text.trim()}>
        {stepId ? "Save the note" : "Add to the timeline"}
      </Button>
    </form>
  );
}

function Timeline({ run, act, send, pending }: RunPart) {
  return (
    <aside aria-label="Timeline" className="space-y-3">
      <h2 className="text-base font-semibold">Timeline</h2>
      {act && <NoteForm send={send} pending={pending} label="Note for the timeline" />}
      <ol className="space-y-2 text-sm" data-testid="run-timeline">
        {[...run.events].reverse().map((e) => (
          <li key={e.id} className="border-l-2 border-border pl-3">
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
        ))}
      </ol>
    </aside>
  );
}
