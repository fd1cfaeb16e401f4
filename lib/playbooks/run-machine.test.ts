import { describe, expect, it } from "vitest";
import { parsePlaybook } from "./load-playbook";
import { apply, newRun, resolveParams, type Command, type Outcome, type Who } from "./run-machine";
import { actionOutput } from "./run-values";
import type { PlaybookConfig } from "./schemas";

const YAML = `
version: 1
id: queue-backlog
title: Queue backing up
steps:
  - { id: look, kind: instruction, title: Look, body: "Run \`redis-cli LLEN jobs\`" }
  - { id: depth, kind: check, title: Read the depth, service: worker, check: queue }
  - id: scope
    kind: decision
    title: How bad
    question: Is every tenant affected?
    options:
      - { label: "yes", goto: approve }
      - { label: "no", goto: restart }
  - { id: approve, kind: approval, title: Approve a full restart, role: operator, timeout: 10m }
  - id: restart
    kind: action
    title: Restart the worker
    service: worker
    action: restart
    params: { reason: "depth was {{steps.depth.value}}", count: "{{steps.depth.value}}" }
  - { id: drained, kind: wait, title: Wait until drained, until: { service: worker, state: up }, timeout: 2m, auto: true }
  - { id: p1-only, kind: instruction, title: Tell the customers, body: Post an update, when: 'severity == "P1"' }
  - id: verify
    kind: checklist
    title: Verify
    items:
      - { id: jobs, text: Jobs flow }
      - { id: ticket, text: Link the ticket, input: { label: ticket URL, type: url } }
  - { id: wrap, kind: note, title: What happened }
`;

function playbook(): PlaybookConfig {
  const parsed = parsePlaybook(YAML, "queue.yml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

const ANA: Who = { id: "u1", name: "ana@example.com", role: "operator" };
const BO: Who = { id: "u2", name: "bo@example.com", role: "operator" };
const VI: Who = { id: "u3", name: "vi@example.com", role: "viewer" };
const T0 = "2026-12-07T03:00:00.000Z";
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

function run(steps: [Command, Who?][], props = {}): Outcome {
  const p = playbook();
  let out = newRun(p, props, ANA, T0);
  const events = [...out.events];
  const effects = [...out.effects];
  steps.forEach(([command, by], i) => {
    out = apply(p, out.state, command, by ?? ANA, at(i + 1));
    events.push(...out.events);
    effects.push(...out.effects);
  });
  return { state: out.state, events, effects };
}

const result = (ok: boolean, reason: string, value?: number) => ({ ok, reason, value, at: T0 });

describe("a playbook run", () => {
  it("walks every kind of step, records who did what, and ends complete", () => {
    const out = run([
      [{ type: "complete", stepId: "look" }],
      [{ type: "result", stepId: "depth", result: result(true, "up: depth 1520", 1520) }],
      [{ type: "answer", stepId: "scope", option: "yes" }],
      [{ type: "approve", stepId: "approve" }, BO],
      [{ type: "run-step", stepId: "restart" }],
      [{ type: "action-started", stepId: "restart", runId: "run-1" }],
      [{ type: "result", stepId: "restart", result: { ...result(true, "succeeded"), runId: "run-1" } }],
      [{ type: "result", stepId: "drained", result: result(true, "up") }],
      [{ type: "tick", stepId: "verify", itemId: "jobs", checked: true }],
      [{ type: "tick", stepId: "verify", itemId: "ticket", checked: true, value: "https://t.example/1" }, BO],
      [{ type: "note", stepId: "wrap", text: "restarted, drained in 40 s" }],
    ]);
    expect(out.state.status).toBe("completed");
    expect(out.state.current).toBeNull();
    expect(out.state.steps["p1-only"]).toMatchObject({ status: "skipped" });
    expect(out.state.steps["p1-only"].reason).toContain('only when severity == "P1"');
    expect(out.state.steps.verify.items?.ticket).toEqual({
      by: BO.name,
      at: at(10),
      value: "https://t.example/1",
    });
    expect(out.state.steps.approve.approval).toMatchObject({
      requestedBy: ANA,
      decidedBy: BO.name,
      decision: "approved",
    });
    expect(out.effects.map((e) => e.kind)).toEqual([
      "run-check",
      "request-approval",
      "approval-deadline",
      "start-action",
      "watch", // the wait is auto: it starts as soon as the action is done
    ]);
    expect(out.events.map((e) => e.type)).toEqual([
      "run.started",
      "step.done",
      "step.check",
      "decision",
      "approval.requested",
      "step.done",
      "step.action",
      "step.action",
      "step.waiting",
      "step.wait",
      "step.skipped",
      "item.ticked",
      "item.ticked",
      "step.done",
      "note",
      "step.done",
      "run.completed",
    ]);
  });

  it("shows a step whose `when` holds, from the run's properties", () => {
    const out = run(
      [
        [{ type: "complete", stepId: "look" }],
        [{ type: "result", stepId: "depth", result: result(true, "up", 10) }],
        [{ type: "answer", stepId: "scope", option: "no" }],
        [{ type: "run-step", stepId: "restart" }],
        [{ type: "action-started", stepId: "restart", runId: "r" }],
        [{ type: "result", stepId: "restart", result: result(true, "succeeded") }],
        [{ type: "result", stepId: "drained", result: result(true, "up") }],
      ],
      { severity: "P1" },
    );
    expect(out.state.current).toBe("p1-only");
    expect(out.state.steps.approve.status).toBe("pending"); // "no" went around the approval
  });

  it("refuses acting on a step that is not the current one (a stale second tab)", () => {
    expect(() => run([[{ type: "complete", stepId: "verify" }]])).toThrow(/not the current step/);
  });

  it("keeps a failed check current until it is retried or skipped with a reason", () => {
    const failed = run([
      [{ type: "complete", stepId: "look" }],
      [{ type: "result", stepId: "depth", result: result(false, "down: connection refused") }],
    ]);
    expect(failed.state.current).toBe("depth");
    expect(failed.state.steps.depth).toMatchObject({ status: "failed" });
    const retried = run([
      [{ type: "complete", stepId: "look" }],
      [{ type: "result", stepId: "depth", result: result(false, "down") }],
      [{ type: "retry", stepId: "depth" }],
    ]);
    expect(retried.effects.filter((e) => e.kind === "run-check")).toHaveLength(2);
    expect(retried.state.steps.depth).toMatchObject({ status: "running", attempts: 1 });
    expect(() =>
      run([
        [{ type: "complete", stepId: "look" }],
        [{ type: "result", stepId: "depth", result: result(false, "down") }],
        [{ type: "skip", stepId: "depth", reason: " " }],
      ]),
    ).toThrow(/say why/);
  });

  it("never lets the requester approve their own request, nor a viewer", () => {
    const upToApproval: [Command, Who?][] = [
      [{ type: "complete", stepId: "look" }],
      [{ type: "result", stepId: "depth", result: result(true, "up", 1) }],
      [{ type: "answer", stepId: "scope", option: "yes" }],
    ];
    expect(() => run([...upToApproval, [{ type: "approve", stepId: "approve" }, ANA]])).toThrow(
      /someone else/,
    );
    expect(() => run([...upToApproval, [{ type: "approve", stepId: "approve" }, VI]])).toThrow(
      /operator role/,
    );
    expect(() => run([...upToApproval, [{ type: "skip", stepId: "approve", reason: "hurry" }]])).toThrow(
      /cannot be skipped/,
    );
    const timedOut = run([
      ...upToApproval,
      [{ type: "result", stepId: "approve", result: result(false, "no answer within 10 min") }],
    ]);
    expect(timedOut.state.steps.approve).toMatchObject({
      status: "failed",
      approval: { decision: "denied" },
    });
    expect(timedOut.state.current).toBe("approve");
  });

  it("needs the input before a checklist item is ticked, and checks its type", () => {
    const p = playbook();
    const state = { ...newRun(p, {}, ANA, T0).state, current: "verify" };
    state.steps.verify.status = "active";
    expect(() =>
      apply(p, state, { type: "tick", stepId: "verify", itemId: "ticket", checked: true }, ANA, T0),
    ).toThrow(/needs ticket URL/);
    expect(() =>
      apply(
        p,
        state,
        { type: "tick", stepId: "verify", itemId: "ticket", checked: true, value: "javascript:x" },
        ANA,
        T0,
      ),
    ).toThrow(/http\(s\) link/);
    expect(() => apply(p, state, { type: "complete", stepId: "verify" }, ANA, T0)).toThrow(/tick every item/);
  });

  it("pauses, resumes, hands over and is abandoned with a reason; then refuses more work", () => {
    const paused = run([[{ type: "pause", reason: "waiting for the vendor" }]]);
    expect(paused.state.status).toBe("paused");
    expect(() => run([[{ type: "pause" }], [{ type: "complete", stepId: "look" }]])).toThrow(/paused/);
    const handed = run([[{ type: "handover", to: BO }]]);
    expect(handed.state.owner).toEqual(BO);
    expect(handed.events.at(-1)?.message).toBe(`${ANA.name} handed the run from ${ANA.name} to ${BO.name}`);
    const abandoned = run([[{ type: "abandon", reason: "false alarm" }]]);
    expect(abandoned.state).toMatchObject({ status: "abandoned", reason: "false alarm" });
    expect(() => run([[{ type: "abandon", reason: "x" }], [{ type: "complete", stepId: "look" }]])).toThrow(
      /nothing more/,
    );
    // A note is still welcome after the end (the timeline of a finished run).
    expect(
      run([[{ type: "abandon", reason: "x" }], [{ type: "note", text: "see the ticket" }]]).events.at(-1),
    ).toMatchObject({ type: "note", message: "see the ticket" });
  });

  it("runs a check step again later without moving the run, and ignores late results", () => {
    const out = run([
      [{ type: "complete", stepId: "look" }],
      [{ type: "result", stepId: "depth", result: result(true, "up", 10) }],
      [{ type: "rerun", stepId: "depth" }],
      [{ type: "result", stepId: "depth", result: result(true, "up", 4) }],
      [{ type: "result", stepId: "depth", result: result(false, "late duplicate") }],
    ]);
    expect(out.state.current).toBe("scope");
    expect(out.state.steps.depth).toMatchObject({ status: "done", result: { value: 4 }, attempts: 1 });
  });

  it("fills action parameters from earlier steps, keeping a number a number", () => {
    const out = run([
      [{ type: "complete", stepId: "look" }],
      [{ type: "result", stepId: "depth", result: result(true, "up", 1520) }],
    ]);
    const step = playbook().steps.find((s) => s.id === "restart");
    if (step?.kind !== "action") throw new Error("no action step");
    expect(resolveParams(step, out.state)).toEqual({ reason: "depth was 1520", count: 1520 });
    const early = newRun(playbook(), {}, ANA, T0).state;
    expect(() => resolveParams(step, early)).toThrow("params.reason: {{steps.depth.value}} has no value yet");
  });
});

describe("what an action reports having done", () => {
  it("keeps the plain top-level values of its result, bounded", () => {
    expect(
      actionOutput({ name: "style-1.snapshot", size: 42, ok: true, nested: { a: 1 }, list: [1], none: null }),
    ).toEqual({ name: "style-1.snapshot", size: 42, ok: true });
    expect(actionOutput({ big: "x".repeat(2000) })?.big).toHaveLength(500);
    expect(
      Object.keys(actionOutput(Object.fromEntries([...Array(50).keys()].map((i) => [`f${i}`, i])))!),
    ).toHaveLength(20);
    expect(actionOutput([1, 2])).toBeUndefined();
    expect(actionOutput("text")).toBeUndefined();
    expect(actionOutput({ rows: [] })).toBeUndefined();
  });

  it("fills a later step's parameter from it", () => {
    const parsed = parsePlaybook(
      `version: 1
id: backup
title: Back up
steps:
  - { id: snapshot, kind: action, title: Snapshot, service: qdrant, action: snapshot }
  - { id: download, kind: action, title: Download, service: qdrant, action: download, params: { snapshot: "{{steps.snapshot.output.name}}" } }
`,
      "backup.yml",
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const state = newRun(parsed.value, {}, ANA, T0).state;
    const download = parsed.value.steps[1];
    if (download.kind !== "action") throw new Error("no action step");
    expect(() => resolveParams(download, state)).toThrow("{{steps.snapshot.output.name}} has no value yet");
    state.steps.snapshot.result = {
      ok: true,
      reason: "succeeded",
      output: { name: "style-7.snapshot" },
      at: T0,
    };
    expect(resolveParams(download, state)).toEqual({ snapshot: "style-7.snapshot" });
  });
});

describe("a step's `when` in the file", () => {
  it("is checked when the file loads, with its line and column", () => {
    const bad = YAML.replace(`when: 'severity == "P1"'`, `when: 'severity = "P1"'`);
    const parsed = parsePlaybook(bad, "queue.yml");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[0]).toMatchObject({ path: "steps[6].when" });
    expect(parsed.errors[0].message).toMatch(/invalid condition at column 10/);
    const unknown = parsePlaybook(YAML.replace(`when: 'severity`, `when: 'sevrity`), "queue.yml");
    expect(unknown.ok || unknown.errors[0].message).toMatch(
      /no field "sevrity" \(did you mean `severity`\?\)/,
    );
  });
});
