import { randomUUID } from "node:crypto";
import type { StartedRun } from "@/lib/actions/service";
import type { Actor, AuditInput } from "@/lib/audit/schemas";
import { Conflict, NotFound, isAppError } from "@/lib/errors";
import type { Db } from "@/lib/infra/db";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { evaluate, describeCondition, type WatchedService } from "./conditions";
import {
  apply,
  newRun,
  resolveParams,
  type Command,
  type Effect,
  type Outcome,
  type RunProps,
  type RunState,
  type StepResult,
  type Who,
} from "./run-machine";
import { actionOutput } from "./run-values";
import type { PlaybookConfig } from "./schemas";
import { insertEvents, SYSTEM, SYSTEM_ACTOR, toRow, who, type RunDetail } from "./run-records";

export type { RunDetail, RunEventView, RunRow } from "./run-records";

/**
 * Playbook runs in the database, moved on by the pure machine (run-machine.ts). Every change is
 * one transaction that checks the run's version, so two people acting at once (or two replicas
 * reporting a result) cannot both move it: the second re-reads and is applied to the new state
 * or refused. After the change is stored, its effects are carried out here: checks run, actions
 * start through the action service (its permissions, confirmation, locks, audit and output),
 * waits watch the live map, deadlines are armed. Their outcomes come back as commands.
 */

export interface RunnerDeps {
  db: () => Promise<Db>;
  /** A playbook in effect, and what in it does not match the stack (empty when runnable). */
  playbook: (id: string) => Promise<{ playbook: PlaybookConfig; problems: string[] } | null>;
  /** Runs a declared check now. */
  runCheck: (service: string, check: string) => Promise<Omit<StepResult, "at">>;
  /** Starts a declared action as `actor` (the action service: it audits and may refuse). */
  startAction: (
    actor: Actor,
    request: { serviceId: string; actionId: string; params: Record<string, unknown>; confirmation?: string },
  ) => Promise<StartedRun>;
  /** The live map's services, for waits. */
  watched: () => Promise<ReadonlyMap<string, WatchedService>>;
  /** Outcomes of work the runner did on its own (never dropped). */
  audit: (input: AuditInput) => Promise<unknown>;
  /** How often a wait looks at the map. */
  pollMs?: number;
  /** How often a wait on a check runs the check itself (default 5 s). */
  waitCheckMs?: number;
  /** Told after every stored change (live pages re-read at once). */
  onChange?: (runId: string, state: RunState) => void;
}

/** Extra input of a person's "run this action step" (the parameters they may edit, the typed name). */
export interface ActionInput {
  params?: Record<string, unknown>;
  confirmation?: string;
}

const MAX_RETRIES = 5;
const WAIT_CHECK_MS = 5_000;

export class PlaybookRunner {
  private timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly deps: RunnerDeps) {}

  async start(
    actor: Actor,
    input: { playbookId: string } & RunProps,
  ): Promise<{ runId: string; run: RunDetail }> {
    const found = await this.deps.playbook(input.playbookId);
    if (!found) throw new NotFound(`no playbook "${input.playbookId}"`);
    if (found.problems.length)
      throw new Conflict(`this playbook cannot run on the stack as it is: ${found.problems.join("; ")}`);
    const { playbook } = found;
    const now = new Date();
    const props: RunProps = {
      ...((input.severity ?? playbook.severity) ? { severity: input.severity ?? playbook.severity } : {}),
      ...(input.service ? { service: input.service } : {}),
      ...(input.incident ? { incident: input.incident } : {}),
    };
    const out = newRun(playbook, props, who(actor), now.toISOString());
    const id = randomUUID();
    const db = await this.deps.db();
    await db.$transaction(async (tx) => {
      await tx.playbookRun.create({
        data: {
          id,
          playbookId: playbook.id,
          title: playbook.title,
          playbook: playbook as object,
          status: out.state.status,
          currentStep: out.state.current,
          state: out.state as object,
          version: 0,
          severity: props.severity ?? null,
          serviceId: props.service ?? null,
          incidentId: props.incident ?? null,
          startedById: actor.id ?? actor.name,
          startedBy: actor.name,
          ownerName: actor.name,
          startedAt: now,
          updatedAt: now,
        },
      });
      await insertEvents(tx as unknown as Db, id, out, actor.name, now);
    });
    this.deps.onChange?.(id, out.state);
    this.carryOut(id, playbook, out, actor);
    return { runId: id, run: (await this.get(id))! };
  }

  /** A person's command, applied to the run as it is in the database. */
  async command(actor: Actor, runId: string, command: Command, extra: ActionInput = {}): Promise<RunDetail> {
    const { playbook, outcome } = await this.change(
      runId,
      (playbook, state) => apply(playbook, state, command, who(actor), new Date().toISOString()),
      actor.name,
    );
    // What an approval lets go on is done by the one who asked for it (the run's owner), with
    // the role their account has now; the approver only said yes.
    const doer = command.type === "approve" ? await this.ownerActor(outcome.state.owner) : actor;
    this.carryOut(runId, playbook, outcome, doer, extra);
    return (await this.get(runId))!;
  }

  async get(runId: string): Promise<RunDetail | null> {
    const db = await this.deps.db();
    const row = await db.playbookRun.findUnique({
      where: { id: runId },
      include: { events: { orderBy: { id: "asc" }, take: 2000 } },
    });
    if (!row) return null;
    return {
      ...toRow(row),
      events: row.events.map((e) => ({
        id: e.id.toString(),
        at: e.at.toISOString(),
        type: e.type,
        stepId: e.stepId,
        actorName: e.actorName,
        message: e.message,
        data: (e.data as Record<string, unknown> | null) ?? null,
      })),
    };
  }

  async list(filter: { status?: string; playbookId?: string; serviceId?: string; limit?: number } = {}) {
    const db = await this.deps.db();
    const rows = await db.playbookRun.findMany({
      where: {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.playbookId ? { playbookId: filter.playbookId } : {}),
        ...(filter.serviceId ? { serviceId: filter.serviceId } : {}),
      },
      orderBy: { startedAt: "desc" },
      take: Math.min(filter.limit ?? 50, 200),
    });
    return rows.map(toRow);
  }

  /**
   * After a restart: watches and deadlines of runs under way are armed again, and action steps
   * whose run ended while no one was listening get their outcome from the run's record.
   */
  async resume(): Promise<number> {
    const db = await this.deps.db();
    const rows = await db.playbookRun.findMany({ where: { status: { in: ["running", "paused"] } } });
    let armed = 0;
    for (const row of rows) {
      const run = toRow(row);
      for (const step of run.playbook.steps) {
        const s = run.state.steps[step.id];
        if (step.kind === "wait" && s.status === "running" && s.deadline) {
          this.watch(run.id, step.id, s.deadline, run.playbook);
          armed++;
        } else if (step.kind === "approval" && s.status === "active" && s.deadline) {
          this.deadline(run.id, step.id, s.deadline, run.playbook);
          armed++;
        } else if (step.kind === "action" && s.status === "running" && s.runId) {
          void this.followActionRecord(run.id, step.id, s.runId, run.playbook);
          armed++;
        } else if ((step.kind === "check" || step.kind === "decision") && s.status === "running") {
          // A check cut short by the restart runs again.
          const check = step.kind === "check" ? step : step.onCheck && { ...step.onCheck };
          if (check) this.runCheck(run.id, step.id, check.service, check.check, run.playbook);
          armed++;
        }
      }
    }
    return armed;
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Reads, applies and stores one change; a concurrent change makes it re-read and apply again. */
  private async change(
    runId: string,
    step: (playbook: PlaybookConfig, state: RunState) => Outcome,
    actorName: string,
  ): Promise<{ playbook: PlaybookConfig; outcome: Outcome }> {
    const db = await this.deps.db();
    for (let attempt = 0; ; attempt++) {
      const row = await db.playbookRun.findUnique({ where: { id: runId } });
      if (!row) throw new NotFound(`no playbook run "${runId}"`);
      const run = toRow(row);
      const outcome = step(run.playbook, run.state);
      const now = new Date();
      const ended = outcome.state.status === "completed" || outcome.state.status === "abandoned";
      const stored = await db.$transaction(async (tx) => {
        const updated = await tx.playbookRun.updateMany({
          where: { id: runId, version: run.version },
          data: {
            status: outcome.state.status,
            currentStep: outcome.state.current,
            state: outcome.state as object,
            version: run.version + 1,
            ownerName: outcome.state.owner.name,
            updatedAt: now,
            ...(ended && !run.endedAt ? { endedAt: now } : {}),
          },
        });
        if (updated.count === 0) return false;
        await insertEvents(tx as unknown as Db, runId, outcome, actorName, now);
        return true;
      });
      if (stored) {
        this.deps.onChange?.(runId, outcome.state);
        return { playbook: run.playbook, outcome };
      }
      if (attempt >= MAX_RETRIES) throw new Conflict("the run changed too often at once; try again");
    }
  }

  /** Applies a result the runner got on its own, and carries out what it leads to. */
  private async report(runId: string, playbook: PlaybookConfig, stepId: string, result: StepResult) {
    if (this.stopped) return;
    try {
      const { outcome } = await this.change(
        runId,
        (p, state) => apply(p, state, { type: "result", stepId, result }, state.owner, result.at),
        SYSTEM.name,
      );
      const step = playbook.steps.find((s) => s.id === stepId);
      if (outcome.events.length)
        await this.deps
          .audit({
            actor: SYSTEM_ACTOR,
            action: `playbook.step.${step?.kind ?? "result"}`,
            target: `playbook-run:${runId}`,
            params: { stepId, ...(result.runId ? { actionRunId: result.runId } : {}) },
            outcome: result.ok ? "succeeded" : "failed",
            message: result.reason,
          })
          .catch((e) =>
            log.error("a playbook step outcome could not be audited", { error: shortErrorMessage(e) }),
          );
      // What the result leads to (an auto action) is done as the run's owner, with their role now.
      if (outcome.effects.length)
        this.carryOut(runId, playbook, outcome, await this.ownerActor(outcome.state.owner));
    } catch (error) {
      log.warn("a playbook step result could not be recorded", {
        runId,
        stepId,
        error: shortErrorMessage(error),
      });
    }
  }

  /** The owner as an actor, with the role their account has now (none when disabled or gone). */
  private async ownerActor(owner: Who): Promise<Actor> {
    const db = await this.deps.db();
    const user = await db.user.findUnique({ where: { id: owner.id } }).catch(() => null);
    const role = user && !user.disabled ? user.role : user ? undefined : owner.role;
    return {
      type: "user",
      id: owner.id,
      name: owner.name,
      ...(role ? { role } : {}),
      requestId: "playbook-runner",
    };
  }

  private carryOut(
    runId: string,
    playbook: PlaybookConfig,
    outcome: Outcome,
    actor: Actor,
    extra: ActionInput = {},
  ) {
    for (const effect of outcome.effects) this.effect(runId, playbook, outcome.state, effect, actor, extra);
  }

  private effect(
    runId: string,
    playbook: PlaybookConfig,
    state: RunState,
    effect: Effect,
    actor: Actor,
    extra: ActionInput,
  ) {
    switch (effect.kind) {
      case "run-check":
        this.runCheck(runId, effect.stepId, effect.service, effect.check, playbook);
        return;
      case "watch":
        this.watch(runId, effect.stepId, effect.deadline, playbook);
        return;
      case "approval-deadline":
        this.deadline(runId, effect.stepId, effect.deadline, playbook);
        return;
      case "request-approval":
        // Notifications (alerting issue) will send the link; the run page shows who it waits for.
        return;
      case "start-action":
        void this.startAction(runId, effect.stepId, playbook, state, actor, extra);
        return;
    }
  }

  private runCheck(runId: string, stepId: string, service: string, check: string, playbook: PlaybookConfig) {
    void this.deps
      .runCheck(service, check)
      .catch((e): Omit<StepResult, "at"> => ({
        ok: false,
        reason: `could not run the check: ${shortErrorMessage(e)}`,
      }))
      .then((r) => this.report(runId, playbook, stepId, { ...r, at: new Date().toISOString() }));
  }

  private async startAction(
    runId: string,
    stepId: string,
    playbook: PlaybookConfig,
    state: RunState,
    actor: Actor,
    extra: ActionInput,
  ) {
    const step = playbook.steps.find((s) => s.id === stepId);
    if (step?.kind !== "action") return;
    let started: StartedRun;
    try {
      const params = { ...resolveParams(step, state), ...(extra.params ?? {}) };
      started = await this.deps.startAction(actor, {
        serviceId: step.service,
        actionId: step.action,
        params,
        confirmation: extra.confirmation,
      });
    } catch (error) {
      const reason = isAppError(error) ? error.message : `could not start: ${shortErrorMessage(error)}`;
      return this.report(runId, playbook, stepId, { ok: false, reason, at: new Date().toISOString() });
    }
    try {
      await this.change(
        runId,
        (p, s) =>
          apply(
            p,
            s,
            { type: "action-started", stepId, runId: started.runId },
            who(actor),
            new Date().toISOString(),
          ),
        actor.name,
      );
    } catch (error) {
      log.warn("a playbook action start could not be recorded", { runId, error: shortErrorMessage(error) });
    }
    const run = await started.done;
    const output = run.status === "succeeded" && !started.read ? actionOutput(run.result) : undefined;
    await this.report(runId, playbook, stepId, {
      ok: run.status === "succeeded",
      reason: run.status === "succeeded" ? "succeeded" : (run.error ?? run.status),
      runId: started.runId,
      ...(output ? { output } : {}),
      at: new Date().toISOString(),
    });
  }

  /** An action that ended while this process was not following it: its outcome from its record. */
  private async followActionRecord(
    runId: string,
    stepId: string,
    actionRunId: string,
    playbook: PlaybookConfig,
  ) {
    const db = await this.deps.db();
    const key = `${runId}/${stepId}/action`;
    const poll = async () => {
      if (this.stopped) return;
      const record = await db.actionRun.findUnique({ where: { id: actionRunId } }).catch(() => null);
      if (record && record.status !== "running") {
        this.timers.delete(key);
        const ok = record.status === "succeeded";
        return this.report(runId, playbook, stepId, {
          ok,
          reason: ok ? "succeeded" : (record.error ?? record.status),
          runId: actionRunId,
          at: new Date().toISOString(),
        });
      }
      this.arm(key, poll, this.deps.pollMs ?? 1000);
    };
    await poll();
  }

  /** A wait: looks at the live map until the condition holds or the deadline passes. */
  private watch(runId: string, stepId: string, deadline: string, playbook: PlaybookConfig) {
    const step = playbook.steps.find((s) => s.id === stepId);
    if (step?.kind !== "wait") return;
    const key = `${runId}/${stepId}/watch`;
    const until = step.until;
    let checkedAt = 0;
    const look = async () => {
      if (this.stopped) return;
      // A check with a long interval (an API key checked every 10 minutes) is run again here
      // rather than waited on for its next turn; its result counts as a run of the check.
      if ("check" in until && Date.now() - checkedAt >= (this.deps.waitCheckMs ?? WAIT_CHECK_MS)) {
        checkedAt = Date.now();
        await this.deps.runCheck(until.service, until.check).catch(() => undefined);
      }
      const verdict = evaluate(until, await this.deps.watched().catch(() => new Map()));
      const at = new Date().toISOString();
      if (verdict.holds) {
        this.timers.delete(key);
        return this.report(runId, playbook, stepId, {
          ok: true,
          reason: verdict.observed,
          value: verdict.value,
          at,
        });
      }
      if (Date.now() >= Date.parse(deadline)) {
        this.timers.delete(key);
        return this.report(runId, playbook, stepId, {
          ok: false,
          reason: `${describeCondition(step.until)} did not happen in time; last seen ${verdict.observed}`,
          value: verdict.value,
          at,
        });
      }
      this.arm(key, look, this.deps.pollMs ?? 1000);
    };
    void look();
  }

  private deadline(runId: string, stepId: string, deadline: string, playbook: PlaybookConfig) {
    const key = `${runId}/${stepId}/deadline`;
    const fire = () => {
      this.timers.delete(key);
      void this.report(runId, playbook, stepId, {
        ok: false,
        reason: "no one answered in time: denied",
        at: new Date().toISOString(),
      });
    };
    this.arm(key, fire, Math.max(0, Date.parse(deadline) - Date.now()));
  }

  private arm(key: string, fn: () => unknown, ms: number) {
    if (this.stopped) return;
    const previous = this.timers.get(key);
    if (previous) clearTimeout(previous);
    const t = setTimeout(() => void fn(), Math.min(ms, 2_147_000_000));
    t.unref?.();
    this.timers.set(key, t);
  }
}
