import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSchema, type CheckConfig } from "@/lib/catalog/schemas";
import { Conflict } from "@/lib/errors";
import { runProbe } from "@/lib/probes";
import { setExecGateway } from "@/lib/probes/exec";
import type { WatchedService } from "@/lib/playbooks/conditions";
import { parsePlaybook } from "@/lib/playbooks/load-playbook";
import { PlaybookRunner, type RunDetail, type RunnerDeps } from "@/lib/playbooks/runner";
import type { PlaybookConfig } from "@/lib/playbooks/schemas";
import { actionHarness, actorFor, catalogOf, type ActionHarness } from "../support/actions";
import { docker, removeContainer, runContainer, testGateway, type TestContainer } from "../support/docker";
import { scratchPostgres, type ScratchDb } from "../support/scratch-db";

/**
 * Playbook runs on the real stack: a Postgres database for the run and its timeline, a Docker
 * container the steps read (exec check) and restart (the real action service, its locks and its
 * audit), and a wait that watches the container come back.
 */

const gateway = testGateway();
const QUEUE: CheckConfig = checkSchema.parse({
  id: "queue",
  kind: "exec",
  command: ["cat", "/tmp/depth"],
  metric: { name: "queue_depth" },
});

function playbookFor(container: TestContainer): PlaybookConfig {
  const yaml = `
version: 1
id: queue-backlog
title: Queue backing up
steps:
  - { id: look, kind: instruction, title: Look, body: "Run \`cat /tmp/depth\`" }
  - { id: depth, kind: check, title: Read the depth, service: api, check: queue }
  - id: restart
    kind: action
    title: Restart the worker
    service: api
    action: restart
    params: { container: ${container.name}, timeout_s: 1 }
    auto: true
  - { id: back, kind: wait, title: Wait until it is back, until: { service: api, state: up }, timeout: 30s, auto: true }
  - id: decide
    kind: decision
    title: Did it drain?
    onCheck: { service: api, check: queue, pass: verify, fail: escalate }
  - { id: escalate, kind: note, title: Escalate }
  - id: verify
    kind: checklist
    title: Verify
    items: [{ id: jobs, text: Jobs flow again }]
`;
  const parsed = parsePlaybook(yaml, "queue.yml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

const WAIT_ONLY = (() => {
  const parsed = parsePlaybook(
    `
version: 1
id: wait-for-api
title: Wait for the API
steps:
  - { id: look, kind: instruction, title: Start it by hand, body: "docker start api" }
  - { id: back, kind: wait, title: Wait until it is back, until: { service: api, state: up }, timeout: 60s, auto: true }
  - { id: verify, kind: checklist, title: Verify, items: [{ id: jobs, text: Jobs flow again }] }
`,
    "wait.yml",
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
})();

describe("playbook runs on a real stack", () => {
  let scratch: ScratchDb;
  let container: TestContainer;
  let h: ActionHarness;
  let playbook: PlaybookConfig;
  let deps: RunnerDeps;
  const runners: PlaybookRunner[] = [];
  const audit: { action: string; outcome: string; actor: string; target?: string }[] = [];

  const watched = async (): Promise<ReadonlyMap<string, WatchedService>> => {
    const details = await gateway.inspectContainer(container.id).catch(() => null);
    const status = details?.running ? "up" : "down";
    return new Map([
      ["api", { id: "api", status, reason: details?.running ? "" : "not running", checks: [] }],
    ]);
  };

  beforeAll(async () => {
    setExecGateway(gateway);
    scratch = await scratchPostgres("opsdeck_playbooks");
    container = await runContainer({ cmd: ["sh", "-c", "echo 120 > /tmp/depth; sleep 300"] });
    playbook = playbookFor(container);
    const service = {
      id: "api",
      containers: [{ id: container.id, name: container.name, state: "running" }],
      checks: [QUEUE],
    };
    h = await actionHarness({ db: async () => scratch.db, docker: gateway, catalog: catalogOf([service]) });
    deps = {
      db: async () => scratch.db,
      playbook: async (id) => {
        const found = [playbook, WAIT_ONLY].find((p) => p.id === id);
        return found ? { playbook: found, problems: [] } : null;
      },
      runCheck: async (_service, _check) => {
        const r = await runProbe(QUEUE, {
          signal: AbortSignal.timeout(5000),
          timeoutMs: 5000,
          containers: [{ id: container.id, name: container.name, state: "running" }] as never,
        });
        return { ok: r.status === "up", reason: `${r.status}: ${r.message}`, value: r.metrics?.queue_depth };
      },
      startAction: (actor, request) =>
        h.service.start(actor, request, (e) => {
          audit.push({ action: e.action, outcome: e.outcome, actor: e.actor.name, target: e.target });
          return h.writer.append(e);
        }),
      watched,
      audit: async (e) => {
        audit.push({ action: e.action, outcome: e.outcome, actor: e.actor.name, target: e.target });
      },
      pollMs: 200,
    };
  }, 120_000);

  afterAll(async () => {
    for (const r of runners) r.stop();
    setExecGateway(undefined);
    await h?.close();
    await removeContainer(container.id);
    await scratch?.drop();
  });

  const runner = () => {
    const r = new PlaybookRunner(deps);
    runners.push(r);
    return r;
  };
  /** The run once `ok` holds; on a timeout, the error shows where the run is. */
  const until = async (r: PlaybookRunner, id: string, ok: (run: RunDetail) => boolean) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const run = await r.get(id);
      if (run && ok(run)) return run;
      if (Date.now() > deadline) throw new Error(`the run did not get there: ${JSON.stringify(run?.state)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it("reads, restarts, waits and verifies with one click between, everything on the timeline and in the audit", async () => {
    const r = runner();
    const operator = actorFor("operator");
    const startedBefore = (await gateway.inspectContainer(container.id)).startedAt!.getTime();
    const { runId } = await r.start(operator, { playbookId: playbook.id, severity: "P2", service: "api" });
    await r.command(operator, runId, { type: "complete", stepId: "look" });

    // The check, the restart, the wait and the decision run on their own.
    const atVerify = await until(r, runId, (run) => run.state.current === "verify");
    expect(atVerify.state.steps.depth.result).toMatchObject({ ok: true, value: 120 });
    expect(atVerify.state.steps.restart.status).toBe("done");
    expect(atVerify.state.steps.back.result).toMatchObject({ ok: true });
    expect(atVerify.state.steps.decide.answer).toBe("pass");
    expect(atVerify.state.steps.escalate.status).toBe("pending");
    const startedAfter = (await gateway.inspectContainer(container.id)).startedAt!.getTime();
    expect(startedAfter).toBeGreaterThan(startedBefore);

    const done = await r.command(operator, runId, {
      type: "tick",
      stepId: "verify",
      itemId: "jobs",
      checked: true,
    });
    expect(done.status).toBe("completed");
    expect(done.endedAt).not.toBeNull();
    const actionRunId = done.state.steps.restart.result?.runId;
    expect(actionRunId).toMatch(/[0-9a-f-]{36}/);
    expect(done.events.map((e) => e.type)).toEqual([
      "run.started",
      "step.done",
      "step.check",
      "step.action",
      "step.action",
      "step.waiting",
      "step.wait",
      "step.decision",
      "item.ticked",
      "step.done",
      "run.completed",
    ]);
    expect(done.events.find((e) => e.type === "step.action")?.data).toEqual({ runId: actionRunId });
    expect(done.events[1].actorName).toBe(operator.name);

    // The restart is the action service's own run: the operator's, locked, audited, recorded.
    expect(audit.filter((a) => a.action === "container.restart")).toEqual([
      { action: "container.restart", outcome: "started", actor: operator.name, target: "api" },
    ]);
    const record = await scratch.db.actionRun.findUnique({ where: { id: actionRunId! } });
    expect(record).toMatchObject({ status: "succeeded", actorName: operator.name });
    expect(audit.filter((a) => a.action.startsWith("playbook.step."))).toEqual([
      {
        action: "playbook.step.check",
        outcome: "succeeded",
        actor: "opsdeck",
        target: `playbook-run:${runId}`,
      },
      {
        action: "playbook.step.action",
        outcome: "succeeded",
        actor: "opsdeck",
        target: `playbook-run:${runId}`,
      },
      {
        action: "playbook.step.wait",
        outcome: "succeeded",
        actor: "opsdeck",
        target: `playbook-run:${runId}`,
      },
      {
        action: "playbook.step.decision",
        outcome: "succeeded",
        actor: "opsdeck",
        target: `playbook-run:${runId}`,
      },
    ]);
  }, 90_000);

  it("lets one of two people acting on the same step at once move the run; the other is told", async () => {
    const r = runner();
    const { runId } = await r.start(actorFor("operator", "ana@test.local"), { playbookId: playbook.id });
    const attempts = await Promise.allSettled(
      ["ana@test.local", "bo@test.local"].map((name) =>
        r.command(actorFor("operator", name), runId, { type: "complete", stepId: "look" }),
      ),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    const refused = attempts.find((a) => a.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(Conflict);
    expect(refused.reason.message).toMatch(/not the current step/);
    const run = await r.get(runId);
    expect(run?.events.filter((e) => e.type === "step.done")).toHaveLength(1);
    await r.command(actorFor("operator"), runId, { type: "abandon", reason: "test over" });
  }, 60_000);

  it("records a refused action as a failed step that can be retried, with nothing done to the container", async () => {
    const r = runner();
    const viewer = actorFor("viewer");
    const before = (await gateway.inspectContainer(container.id)).startedAt!.getTime();
    const { runId } = await r.start(viewer, { playbookId: playbook.id });
    await r.command(viewer, runId, { type: "complete", stepId: "look" });
    const failed = await until(r, runId, (run) => run.state.steps.restart.status === "failed");
    expect(failed.state.steps.restart.result?.reason).toMatch(/needs the actions.run.safe permission/);
    expect(failed.state.current).toBe("restart");
    expect((await gateway.inspectContainer(container.id)).startedAt!.getTime()).toBe(before);
    expect(
      audit.some(
        (a) => a.action === "container.restart" && a.outcome === "denied" && a.actor === viewer.name,
      ),
    ).toBe(true);
    await r.command(viewer, runId, { type: "abandon", reason: "test over" });
  }, 60_000);

  it("runs the check a wait is waiting on, rather than waiting for the check's next turn", async () => {
    const parsed = parsePlaybook(
      `version: 1
id: wait-for-key
title: Wait for the key
steps:
  - { id: key, kind: wait, title: Until the key is accepted, until: { service: api, check: key, state: up }, timeout: 30s, auto: true }
`,
      "key.yml",
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    // The check's result is what the map shows; it becomes "up" on the third run only.
    let runs = 0;
    const keyDeps: RunnerDeps = {
      ...deps,
      playbook: async () => ({ playbook: parsed.value, problems: [] }),
      runCheck: async () => ({ ok: ++runs >= 3, reason: "ran" }),
      watched: async () =>
        new Map([
          [
            "api",
            {
              id: "api",
              status: "up",
              reason: "",
              checks: [{ id: "key", status: runs >= 3 ? "up" : "down", reason: `after ${runs} runs` }],
            },
          ],
        ]),
      pollMs: 50,
      waitCheckMs: 200,
    };
    const r = new PlaybookRunner(keyDeps);
    runners.push(r);
    const started = Date.now();
    const { runId } = await r.start(actorFor("operator"), { playbookId: "wait-for-key" });
    const done = await until(r, runId, (run) => run.status === "completed");
    expect(done.state.steps.key.result).toMatchObject({ ok: true });
    expect(runs).toBe(3);
    // Not every poll: at most one run per waitCheckMs.
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  }, 30_000);

  it("picks a wait up again after a restart of the console, and finishes it when the condition holds", async () => {
    const first = runner();
    const operator = actorFor("operator");
    await docker(["stop", "-t", "1", container.id]);
    const { runId } = await first.start(operator, { playbookId: WAIT_ONLY.id });
    await first.command(operator, runId, { type: "complete", stepId: "look" });
    const waiting = await until(first, runId, (run) => run.state.steps.back.status === "running");
    expect(waiting.state.current).toBe("back");
    first.stop();

    await docker(["start", container.id]);
    const second = runner();
    expect(await second.resume()).toBeGreaterThanOrEqual(1);
    const resumed = await until(second, runId, (run) => run.state.steps.back.status === "done");
    expect(resumed.state.steps.back.result?.reason).toMatch(/^up/);
    expect(resumed.state.current).toBe("verify");
  }, 90_000);
});
