/** The shapes of a playbook run (lib/playbooks/run-machine.ts): its state, commands, events and effects. Safe for the client. */

export const RUN_STATUSES = ["running", "paused", "completed", "abandoned"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** pending: not reached. active: waiting for a person. running: its check, action or wait is under way. */
export type StepStatus = "pending" | "active" | "running" | "done" | "failed" | "skipped";

export interface Who {
  id: string;
  name: string;
  role?: string;
}

export interface StepResult {
  ok: boolean;
  /** What was seen: the check's status and reason, the action's outcome, the condition's value. */
  reason: string;
  value?: number | string;
  /** The action run behind an action step's result. */
  runId?: string;
  /**
   * What an action that changes something reports having done (a file, a snapshot's name), its
   * top-level plain values, for later steps' parameters (`{{steps.<id>.output.name}}`). Never the
   * result of an action that only reads: that is data for those who may run it.
   */
  output?: Record<string, string | number | boolean>;
  at: string;
}

export interface StepState {
  status: StepStatus;
  startedAt?: string;
  endedAt?: string;
  /** Who finished (or skipped) the step. */
  by?: string;
  result?: StepResult;
  /** A decision's chosen option (or "pass"/"fail" for one a check decides). */
  answer?: string;
  items?: Record<string, { by: string; at: string; value?: string }>;
  note?: string;
  reason?: string;
  attempts: number;
  /** An action step's run in progress. */
  runId?: string;
  /** A wait's or an approval's end. */
  deadline?: string;
  approval?: { requestedBy: Who; requestedAt: string; decidedBy?: string; decision?: "approved" | "denied" };
}

export interface RunProps {
  severity?: string;
  service?: string;
  incident?: string;
}

export interface RunState {
  status: RunStatus;
  current: string | null;
  steps: Record<string, StepState>;
  props: RunProps;
  /** Who acts now (the one who started, until a hand-over). */
  owner: Who;
  reason?: string;
}

export type Command =
  | { type: "begin" }
  | { type: "complete"; stepId: string }
  | { type: "tick"; stepId: string; itemId: string; checked: boolean; value?: string }
  | { type: "answer"; stepId: string; option: string }
  | { type: "note"; stepId?: string; text: string }
  | { type: "run-step"; stepId: string }
  | { type: "action-started"; stepId: string; runId: string }
  | { type: "result"; stepId: string; result: StepResult }
  | { type: "approve"; stepId: string }
  | { type: "deny"; stepId: string; reason?: string }
  | { type: "skip"; stepId: string; reason: string }
  | { type: "retry"; stepId: string }
  | { type: "rerun"; stepId: string }
  | { type: "pause"; reason?: string }
  | { type: "resume" }
  | { type: "handover"; to: Who }
  | { type: "abandon"; reason: string };

export interface RunEvent {
  type: string;
  stepId?: string;
  /** What happened, in one line, as the timeline shows it. */
  message: string;
  data?: Record<string, unknown>;
}

/** What the runner does next: run a check, start an action, watch a condition or a deadline. */
export type Effect =
  | { kind: "run-check"; stepId: string; service: string; check: string }
  | { kind: "start-action"; stepId: string }
  | { kind: "watch"; stepId: string; deadline: string }
  | { kind: "approval-deadline"; stepId: string; deadline: string }
  | { kind: "request-approval"; stepId: string; role: string };

export interface Outcome {
  state: RunState;
  events: RunEvent[];
  effects: Effect[];
}
