"use client";

import { useState } from "react";
import { ActionForm } from "@/components/actions/action-form";
import { LocalTime } from "@/components/actions/local-time";
import { RunOutput } from "@/components/actions/run-output";
import { useServiceActions } from "@/components/actions/use-actions";
import { type Send } from "@/components/live/use-live-record";
import { formatDuration } from "@/components/service/format";
import { useNow } from "@/components/service/use-now";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { playbookCommandAction } from "@/lib/playbooks/actions";
import { describeCondition } from "@/lib/playbooks/conditions";
import type { RunPageData } from "@/lib/playbooks/run-queries";
import { resolveParams, type StepState } from "@/lib/playbooks/run-machine";
import type { PlaybookStep } from "@/lib/playbooks/schemas";
import { NoteForm, SkipForm } from "./step-forms";

/** What a step's card and its controls get: the step, its state, the run, and how to act on it. */
export interface StepPart {
  step: PlaybookStep;
  s: StepState;
  run: RunPageData;
  act: boolean;
  me: { id: string; email: string; role: string };
  send: Send;
  refresh: () => Promise<void>;
  pending: boolean;
}

/** The current step's live state and what a person does on it (a click, an answer, ticks, an approval). */
export function CurrentStep({ step, s, run, act, me, send, refresh, pending }: StepPart) {
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
