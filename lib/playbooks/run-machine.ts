import { roleAtLeast, isRole } from "@/lib/auth/roles";
import { Conflict, Forbidden, Validation } from "@/lib/errors";
import { evaluateConditions } from "@/lib/probes/conditions";
import type { PlaybookConfig, PlaybookStep } from "./schemas";
import type { Command, Outcome, RunProps, RunState, StepResult, Who } from "./run-types";
import { observation } from "./run-values";

export * from "./run-types";
export { observation, resolveParams } from "./run-values";

/**
 * A playbook run as plain data, and every change to it as a pure function: (state, command) →
 * (new state, timeline events, effects to carry out). The runner (lib/playbooks/runner.ts) stores
 * the result and carries out the effects (run a check, start an action, watch a condition); their
 * outcomes come back as commands. Nothing here does I/O, so every rule is unit-tested.
 */

/** A fresh run at its first step (shown or skipped by `when`). */
export function newRun(playbook: PlaybookConfig, props: RunProps, by: Who, now: string): Outcome {
  const state: RunState = {
    status: "running",
    current: null,
    steps: Object.fromEntries(playbook.steps.map((s) => [s.id, { status: "pending", attempts: 0 }])),
    props,
    owner: by,
  };
  const out: Outcome = { state, events: [], effects: [] };
  out.events.push({ type: "run.started", message: `${by.name} started the run`, data: { ...props } });
  enter(playbook, out, playbook.steps[0], by, now);
  return out;
}

/** Applies one command by `by` at `now`; refuses (throws) what the run's state does not allow. */
export function apply(
  playbook: PlaybookConfig,
  previous: RunState,
  command: Command,
  by: Who,
  now: string,
): Outcome {
  const state: RunState = structuredClone(previous);
  const out: Outcome = { state, events: [], effects: [] };
  const terminal = state.status === "completed" || state.status === "abandoned";

  switch (command.type) {
    case "note": {
      const text = command.text.trim();
      if (!text) throw new Validation("text: write something to note");
      if (command.stepId) {
        if (state.status !== "running") throw new Conflict(`the run is ${state.status}`);
        const step = reachable(playbook, state, command.stepId, "note");
        state.steps[step.id].note = text;
        finish(playbook, out, step, by, now, {});
      }
      out.events.unshift({ type: "note", stepId: command.stepId, message: text });
      return out;
    }
    case "pause":
      if (state.status !== "running") throw new Conflict(`the run is ${state.status}, not running`);
      state.status = "paused";
      out.events.push({
        type: "run.paused",
        message: `${by.name} paused the run${reasonOf(command.reason)}`,
      });
      return out;
    case "resume":
      if (state.status !== "paused") throw new Conflict(`the run is ${state.status}, not paused`);
      state.status = "running";
      out.events.push({ type: "run.resumed", message: `${by.name} resumed the run` });
      return out;
    case "handover":
      if (terminal) throw new Conflict(`the run is ${state.status}`);
      if (command.to.id === state.owner.id) throw new Conflict(`${command.to.name} already runs it`);
      out.events.push({
        type: "run.handover",
        message: `${by.name} handed the run from ${state.owner.name} to ${command.to.name}`,
        data: { from: state.owner.name, to: command.to.name },
      });
      state.owner = command.to;
      return out;
    case "abandon": {
      if (terminal) throw new Conflict(`the run is already ${state.status}`);
      const reason = command.reason.trim();
      if (!reason) throw new Validation("reason: say why the run is abandoned");
      state.status = "abandoned";
      state.reason = reason;
      out.events.push({ type: "run.abandoned", message: `${by.name} abandoned the run: ${reason}` });
      return out;
    }
    case "result":
      return recordResult(playbook, out, command.stepId, command.result, by, now);
    case "action-started": {
      const step = find(playbook, command.stepId);
      const s = state.steps[step.id];
      s.runId = command.runId;
      s.status = "running";
      s.startedAt ??= now;
      out.events.push({
        type: "step.action",
        stepId: step.id,
        message: `${by.name} started ${describeAction(step)}`,
        data: { runId: command.runId },
      });
      return out;
    }
    case "begin":
      throw new Validation("a run begins once");
  }

  if (terminal) throw new Conflict(`the run is ${state.status}: nothing more can be done in it`);
  if (state.status === "paused") throw new Conflict("the run is paused: resume it first");

  switch (command.type) {
    case "complete": {
      const step = current(playbook, state, command.stepId);
      if (step.kind === "checklist") {
        const missing = step.items.filter((i) => !state.steps[step.id].items?.[i.id]);
        if (missing.length)
          throw new Validation(`tick every item first: ${missing.map((i) => i.text).join("; ")}`);
      } else if (step.kind !== "instruction")
        throw new Validation(`a ${step.kind} step is not completed by hand`);
      finish(playbook, out, step, by, now, {});
      return out;
    }
    case "tick": {
      const step = current(playbook, state, command.stepId);
      if (step.kind !== "checklist") throw new Validation(`step ${step.id} is not a checklist`);
      const item = step.items.find((i) => i.id === command.itemId);
      if (!item) throw new Validation(`itemId: step ${step.id} has no item "${command.itemId}"`);
      const s = state.steps[step.id];
      s.items ??= {};
      if (!command.checked) {
        delete s.items[item.id];
        out.events.push({
          type: "item.unticked",
          stepId: step.id,
          message: `${by.name} unticked “${item.text}”`,
        });
        return out;
      }
      const value = command.value?.trim();
      if (item.input) {
        if (!value)
          throw new Validation(`value: “${item.text}” needs ${item.input.label} before it is ticked`);
        checkInput(item.input.type, item.input.label, value);
      }
      s.items[item.id] = { by: by.name, at: now, ...(value ? { value } : {}) };
      out.events.push({
        type: "item.ticked",
        stepId: step.id,
        message: `${by.name} ticked “${item.text}”${value ? `: ${value}` : ""}`,
        data: { itemId: item.id, ...(value ? { value } : {}) },
      });
      if (step.items.every((i) => s.items?.[i.id])) finish(playbook, out, step, by, now, {});
      return out;
    }
    case "answer": {
      const step = current(playbook, state, command.stepId);
      if (step.kind !== "decision" || !step.options) throw new Validation(`step ${step.id} asks no question`);
      const option = step.options.find((o) => o.label === command.option);
      if (!option)
        throw new Validation(`option: expected one of ${step.options.map((o) => `“${o.label}”`).join(", ")}`);
      state.steps[step.id].answer = option.label;
      out.events.push({
        type: "decision",
        stepId: step.id,
        message: `${by.name} answered “${step.question}”: ${option.label}`,
        data: { answer: option.label },
      });
      finish(playbook, out, step, by, now, { goto: option.goto, silent: true });
      return out;
    }
    case "run-step": {
      const step = current(playbook, state, command.stepId);
      const s = state.steps[step.id];
      if (s.status === "running") throw new Conflict(`step ${step.id} is already under way`);
      start(out, step, by, now);
      return out;
    }
    case "approve":
    case "deny": {
      const step = current(playbook, state, command.stepId);
      if (step.kind !== "approval") throw new Validation(`step ${step.id} is not an approval`);
      const s = state.steps[step.id];
      const request = s.approval;
      if (!request) throw new Conflict(`step ${step.id} has no pending request`);
      if (request.requestedBy.id === by.id)
        throw new Forbidden("the person who asked for an approval cannot give it: someone else must");
      if (!isRole(by.role) || !roleAtLeast(by.role, step.role as "operator" | "admin"))
        throw new Forbidden(`this approval needs the ${step.role} role`);
      request.decidedBy = by.name;
      if (command.type === "approve") {
        request.decision = "approved";
        finish(playbook, out, step, by, now, { message: `${by.name} approved “${step.title}”` });
      } else {
        request.decision = "denied";
        s.status = "failed";
        s.endedAt = now;
        s.by = by.name;
        s.result = { ok: false, reason: `denied by ${by.name}${reasonOf(command.reason)}`, at: now };
        out.events.push({
          type: "approval.denied",
          stepId: step.id,
          message: `${by.name} denied “${step.title}”${reasonOf(command.reason)}`,
        });
      }
      return out;
    }
    case "skip": {
      const step = current(playbook, state, command.stepId);
      const reason = command.reason.trim();
      if (!reason) throw new Validation("reason: say why the step is skipped");
      if (step.kind === "approval")
        throw new Forbidden("an approval cannot be skipped: it needs someone's yes");
      const s = state.steps[step.id];
      s.status = "skipped";
      s.reason = reason;
      s.by = by.name;
      s.endedAt = now;
      out.events.push({
        type: "step.skipped",
        stepId: step.id,
        message: `${by.name} skipped “${step.title}”: ${reason}`,
      });
      advance(playbook, out, step, by, now);
      return out;
    }
    case "retry": {
      const step = current(playbook, state, command.stepId);
      const s = state.steps[step.id];
      if (s.status !== "failed") throw new Conflict(`step ${step.id} has not failed`);
      s.attempts += 1;
      out.events.push({
        type: "step.retried",
        stepId: step.id,
        message: `${by.name} retried “${step.title}” (attempt ${s.attempts + 1})`,
      });
      enter(playbook, out, step, by, now, true);
      return out;
    }
    case "rerun": {
      const step = reachable(playbook, state, command.stepId);
      if (step.kind !== "check" && step.kind !== "action" && step.kind !== "wait")
        throw new Validation(
          `only check, action and wait steps can be run again (“${step.title}” is ${step.kind})`,
        );
      const s = state.steps[step.id];
      if (s.status === "running") throw new Conflict(`step ${step.id} is already under way`);
      if (state.current === step.id && s.status !== "done")
        throw new Conflict(`step ${step.id} is the current step: run or retry it`);
      s.attempts += 1;
      out.events.push({
        type: "step.rerun",
        stepId: step.id,
        message: `${by.name} ran “${step.title}” again`,
      });
      start(out, step, by, now);
      return out;
    }
  }
}

/** The step's outcome from the runner: a check's verdict, an action's end, a wait that held or timed out. */
function recordResult(
  playbook: PlaybookConfig,
  out: Outcome,
  stepId: string,
  result: StepResult,
  by: Who,
  now: string,
): Outcome {
  const { state } = out;
  const step = find(playbook, stepId);
  const s = state.steps[step.id];
  // A late answer (the run moved on, or a result already came) changes nothing.
  if (s.status !== "running" && !(step.kind === "approval" && s.status === "active")) return out;
  s.result = result;
  s.runId = undefined;
  s.endedAt = now;
  const verb = step.kind === "wait" ? (result.ok ? "held" : "timed out") : result.ok ? "passed" : "failed";
  out.events.push({
    type: `step.${step.kind}`,
    stepId: step.id,
    message: `“${step.title}” ${verb}: ${result.reason}`,
    data: {
      ok: result.ok,
      ...(result.value !== undefined ? { value: result.value } : {}),
      ...(result.runId ? { runId: result.runId } : {}),
    },
  });
  const isCurrent = state.current === step.id && state.status !== "completed" && state.status !== "abandoned";
  if (step.kind === "approval") {
    // Only a deadline reports here: unanswered in time is a denial.
    s.status = "failed";
    if (s.approval) s.approval.decision = "denied";
    return out;
  }
  if (step.kind === "decision" && step.onCheck) {
    s.answer = result.ok ? "pass" : "fail";
    s.status = "done";
    if (isCurrent) advance(playbook, out, step, by, now, result.ok ? step.onCheck.pass : step.onCheck.fail);
    return out;
  }
  s.status = result.ok ? "done" : "failed";
  if (result.ok && isCurrent) advance(playbook, out, step, by, now);
  return out;
}

function finish(
  playbook: PlaybookConfig,
  out: Outcome,
  step: PlaybookStep,
  by: Who,
  now: string,
  opts: { goto?: string; silent?: boolean; message?: string },
) {
  const s = out.state.steps[step.id];
  s.status = "done";
  s.by = by.name;
  s.endedAt = now;
  if (!opts.silent)
    out.events.push({
      type: "step.done",
      stepId: step.id,
      message: opts.message ?? `${by.name} completed “${step.title}”`,
    });
  advance(playbook, out, step, by, now, opts.goto);
}

/** Moves to the next step: `goto`, or the next in the list; the run completes after the last. */
function advance(
  playbook: PlaybookConfig,
  out: Outcome,
  from: PlaybookStep,
  by: Who,
  now: string,
  goto?: string,
) {
  const index = goto
    ? playbook.steps.findIndex((s) => s.id === goto)
    : playbook.steps.findIndex((s) => s.id === from.id) + 1;
  const next = playbook.steps[index];
  if (!next) {
    out.state.current = null;
    out.state.status = "completed";
    out.events.push({ type: "run.completed", message: "the run is complete" });
    return;
  }
  enter(playbook, out, next, by, now);
}

/** Reaches a step: skipped when its `when` does not hold; else started (auto) or waiting for a person. */
function enter(
  playbook: PlaybookConfig,
  out: Outcome,
  step: PlaybookStep,
  by: Who,
  now: string,
  retry = false,
) {
  const { state } = out;
  const s = state.steps[step.id];
  state.current = step.id;
  if (!retry && step.when) {
    const verdict = evaluateConditions([step.when], observation(state));
    if (!verdict.ok) {
      s.status = "skipped";
      s.reason = `only when ${step.when} (${verdict.actual})`;
      s.endedAt = now;
      out.events.push({
        type: "step.skipped",
        stepId: step.id,
        message: `“${step.title}” skipped: ${s.reason}`,
      });
      advance(playbook, out, step, by, now);
      return;
    }
  }
  s.status = "active";
  s.startedAt = now;
  s.result = undefined;
  // Reads start at once; an action or a wait only when the playbook says `auto`.
  if (step.kind === "check" || (step.kind === "decision" && step.onCheck)) start(out, step, by, now);
  else if ((step.kind === "action" || step.kind === "wait") && step.auto) start(out, step, by, now);
  else if (step.kind === "approval") {
    s.approval = { requestedBy: by, requestedAt: now };
    out.effects.push({ kind: "request-approval", stepId: step.id, role: step.role });
    out.events.push({
      type: "approval.requested",
      stepId: step.id,
      message: `${by.name} asked for approval of “${step.title}” (someone else with the ${step.role} role)`,
    });
    if (step.timeout)
      out.effects.push({ kind: "approval-deadline", stepId: step.id, deadline: plus(now, step.timeout) });
    if (step.timeout) s.deadline = plus(now, step.timeout);
  }
}

/** Sets a check, action or wait under way: the runner carries out the effect. */
function start(out: Outcome, step: PlaybookStep, by: Who, now: string) {
  const s = out.state.steps[step.id];
  s.startedAt ??= now;
  s.result = undefined;
  switch (step.kind) {
    case "check":
      s.status = "running";
      out.effects.push({ kind: "run-check", stepId: step.id, service: step.service, check: step.check });
      return;
    case "decision":
      if (!step.onCheck) throw new Validation(`step ${step.id} is answered by a person`);
      s.status = "running";
      out.effects.push({
        kind: "run-check",
        stepId: step.id,
        service: step.onCheck.service,
        check: step.onCheck.check,
      });
      return;
    case "action":
      // The runner starts it; a refusal (permission, confirmation, lock) comes back as a failed result.
      s.status = "running";
      out.effects.push({ kind: "start-action", stepId: step.id });
      return;
    case "wait":
      s.status = "running";
      s.deadline = plus(now, step.timeout);
      out.effects.push({ kind: "watch", stepId: step.id, deadline: s.deadline });
      out.events.push({
        type: "step.waiting",
        stepId: step.id,
        message: `${by.name} started “${step.title}” (at most ${Math.round(step.timeout / 1000)} s)`,
      });
      return;
    default:
      throw new Validation(`a ${step.kind} step has nothing to run`);
  }
}

export function describeAction(step: PlaybookStep): string {
  return step.kind === "action" ? `${step.action} on ${step.service}` : step.title;
}

function find(playbook: PlaybookConfig, stepId: string): PlaybookStep {
  const step = playbook.steps.find((s) => s.id === stepId);
  if (!step) throw new Validation(`stepId: this playbook has no step "${stepId}"`);
  return step;
}

/** The step a person acts on must be the current one (a second tab cannot act on a stale step). */
function current(playbook: PlaybookConfig, state: RunState, stepId: string): PlaybookStep {
  const step = find(playbook, stepId);
  if (state.current !== step.id) {
    const now = state.current ? `“${find(playbook, state.current).title}”` : "none";
    throw new Conflict(
      `“${step.title}” is not the current step (the run is at ${now}); reload to see where it is`,
    );
  }
  return step;
}

/** A step that has been reached (the current one or an earlier one). */
function reachable(playbook: PlaybookConfig, state: RunState, stepId: string, kind?: string): PlaybookStep {
  const step = find(playbook, stepId);
  if (kind && step.kind !== kind) throw new Validation(`step ${step.id} is not a ${kind} step`);
  if (state.steps[step.id].status === "pending")
    throw new Conflict(`“${step.title}” has not been reached yet`);
  if (kind === "note" && state.current !== step.id)
    throw new Conflict(`“${step.title}” is not the current step`);
  return step;
}

function checkInput(type: "text" | "url" | "number", label: string, value: string) {
  if (type === "number" && !Number.isFinite(Number(value)))
    throw new Validation(`value: ${label} must be a number`);
  if (type === "url") {
    let ok = false;
    try {
      const url = new URL(value);
      ok = url.protocol === "https:" || url.protocol === "http:";
    } catch {
      ok = false;
    }
    if (!ok) throw new Validation(`value: ${label} must be an http(s) link`);
  }
  if (value.length > 2000) throw new Validation(`value: ${label} is longer than 2,000 characters`);
}

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const reasonOf = (reason?: string) => (reason?.trim() ? `: ${reason.trim()}` : "");
