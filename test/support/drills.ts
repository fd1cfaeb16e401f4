import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import type { Actor } from "@/lib/audit/schemas";
import { resolveParams } from "@/lib/playbooks/run-values";
import type { PlaybookRunner, RunDetail } from "@/lib/playbooks/runner";
import { HEALTH_STATES, type PlaybookConfig } from "@/lib/playbooks/schemas";

/**
 * Drills: how an integration test reproduces the situation a playbook is for on a replica stack
 * and walks a run of it to the end, as the people at the console would (examples/<stack>/replica/
 * drills.yml). The driver only does what a person can do through the run's commands.
 */

const id = z.string().min(1);
const expectation = z.strictObject({ service: id, state: z.enum(HEALTH_STATES) });
const preparation = z.union([
  /** `after` seconds: someone fixes it by hand later, while the run waits (a host-side fix). */
  z.strictObject({ service: id, mode: id, after: z.number().int().min(1).max(120).optional() }),
  z.strictObject({ service: id, run: z.string().min(1) }),
  z.strictObject({ service: id, docker: z.enum(["stop", "kill", "start", "restart"]) }),
  /** An HTTP request to the service's container, e.g. "DELETE /collections/docs" on port 6333. */
  z.strictObject({ service: id, http: z.string().regex(/^[A-Z]+ \/\S*$/), port: z.number().int() }),
]);

export const drillSchema = z.strictObject({
  playbook: id,
  /** The role of whoever runs the playbook (an admin for what needs the privileged permission). */
  role: z.enum(["operator", "admin"]).default("operator"),
  service: id.optional(),
  severity: z.string().optional(),
  before: z.array(preparation).default([]),
  waitFor: expectation.optional(),
  /** Decision step -> the option a person picks (its label). */
  answers: z.record(id, z.string()).default({}),
  /** Checklist step -> item -> what a person types when ticking it. */
  inputs: z.record(id, z.record(id, z.string())).default({}),
  /** Action step -> parameters a person fills in the form (`{{steps.<id>...}}` as in playbooks). */
  params: z.record(id, z.record(id, z.unknown())).default({}),
  /** Every step the run completes, in order; skipped steps are left out. */
  path: z.array(id).min(1),
  after: expectation.optional(),
});
export type Drill = z.output<typeof drillSchema>;
export type Preparation = z.output<typeof preparation>;

export function loadDrills(file: string): Drill[] {
  return z.array(drillSchema).parse(parse(readFileSync(file, "utf8")));
}

export interface DrillPeople {
  /** Starts and runs the playbook. */
  commander: Actor;
  /** Approves what needs a second person's yes. */
  approver: Actor;
}

const DEFAULT_INPUT = { text: "drill", url: "https://example.com/drill", number: "1" } as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Walks the run one step at a time until it completes: completes instructions, ticks checklist
 * items (typing the drill's inputs), answers decisions from the drill, writes notes, runs actions
 * and waits, has the approver approve; checks, automatic actions and waits run on their own.
 * A step that fails, or a run that stops moving for `stallMs`, ends the drill with where it is.
 */
export async function driveRun(
  runner: PlaybookRunner,
  runId: string,
  playbook: PlaybookConfig,
  drill: Drill,
  people: DrillPeople,
  opts: { stallMs?: number; confirmation?: (serviceId: string) => string } = {},
): Promise<RunDetail> {
  const stallMs = opts.stallMs ?? 60_000;
  let lastChange = Date.now();
  let lastVersion = -1;
  for (;;) {
    const run = (await runner.get(runId))!;
    if (run.status === "completed") return run;
    if (run.status !== "running") throw new Error(`the run is ${run.status}: ${where(run)}`);
    if (run.version !== lastVersion) [lastVersion, lastChange] = [run.version, Date.now()];
    else if (Date.now() - lastChange > stallMs) throw new Error(`the run stopped moving: ${where(run)}`);

    const stepId = run.state.current!;
    const step = playbook.steps.find((s) => s.id === stepId)!;
    const s = run.state.steps[stepId];
    if (s.status === "failed") throw new Error(`step ${stepId} failed: ${s.result?.reason ?? "no reason"}`);
    const act = (command: Parameters<PlaybookRunner["command"]>[2], by = people.commander, extra = {}) =>
      runner.command(by, runId, command, extra);

    if (s.status === "active") {
      switch (step.kind) {
        case "instruction":
          await act({ type: "complete", stepId });
          continue;
        case "note":
          await act({ type: "note", stepId, text: `drill: ${step.title}` });
          continue;
        case "checklist":
          for (const item of step.items) {
            if (s.items?.[item.id]) continue;
            const typed =
              drill.inputs[stepId]?.[item.id] ?? (item.input ? DEFAULT_INPUT[item.input.type] : undefined);
            await act({ type: "tick", stepId, itemId: item.id, checked: true, value: typed });
          }
          continue;
        case "decision":
          if (step.options) {
            const option = drill.answers[stepId];
            if (!option)
              throw new Error(`the drill gives no answer to decision ${stepId} (“${step.question}”)`);
            await act({ type: "answer", stepId, option });
            continue;
          }
          break;
        case "approval":
          await act({ type: "approve", stepId }, people.approver);
          continue;
        case "action": {
          const typed = drill.params[stepId];
          await act({ type: "run-step", stepId }, people.commander, {
            params: typed && resolveParams({ ...step, params: typed as never }, run.state),
            confirmation: opts.confirmation?.(step.service),
          });
          continue;
        }
        case "wait":
          await act({ type: "run-step", stepId });
          continue;
        case "check":
          break;
      }
    }
    await sleep(150);
  }
}

/** The steps a run completed, in the order it completed them. */
export function completedPath(run: RunDetail): string[] {
  const last = new Map<string, number>();
  run.events.forEach((e, i) => {
    if (e.stepId) last.set(e.stepId, i);
  });
  return Object.entries(run.state.steps)
    .filter(([, s]) => s.status === "done")
    .map(([stepId]) => stepId)
    .sort((a, b) => (last.get(a) ?? 0) - (last.get(b) ?? 0));
}

function where(run: RunDetail): string {
  const current = run.state.current;
  const s = current ? run.state.steps[current] : undefined;
  return `at ${current ?? "(none)"} (${s?.status ?? "?"}${s?.result ? `: ${s.result.reason}` : ""}); done so far: ${completedPath(run).join(", ")}`;
}
