import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { formatConfigError } from "@/lib/catalog/load-config";
import { PLAYBOOK_SCHEMA_PATH, playbookJsonSchema, playbookJsonSchemaText } from "./json-schema";
import { parsePlaybook } from "./load-playbook";
import type { PlaybookTargets } from "./references";

const QUEUE_BACKLOG = `version: 1
id: queue-backlog
title: Queue backs up
summary: The worker stopped draining the job queue.
owner: platform
severity: P2
estimatedDuration: 15m
triggers:
  - { service: redis, check: queue, metric: depth, above: 1000 }
  - { service: worker, state: down }
steps:
  - id: look
    kind: instruction
    title: Look at the worker's last lines
    body: |
      Run \`docker logs --tail 50 worker\` and note the last error.
  - id: queue
    kind: check
    title: How deep is the queue?
    service: redis
    check: queue
  - id: scope
    kind: decision
    title: Stuck or just slow?
    question: Does the log show an error?
    options:
      - { label: "Yes, an error", goto: approve }
      - { label: "No, only slow", goto: note }
  - id: approve
    kind: approval
    title: A second operator agrees to restart
    timeout: 10m
  - id: restart
    kind: action
    title: Restart the worker
    service: worker
    action: restart
    params: { reason: "backlog: {{steps.scope.answer}}" }
    auto: true
  - id: healthy
    kind: wait
    title: Wait until the worker is up
    until: { service: worker, state: up }
    timeout: 2m
    auto: true
  - id: verify
    kind: decision
    title: Draining again?
    onCheck: { service: redis, check: queue, pass: done, fail: look }
  - id: note
    kind: note
    title: What was seen
  - id: done
    kind: checklist
    title: Wrap up
    items:
      - { id: ticket, text: Link the ticket, input: { label: Ticket URL, type: url } }
      - { id: owner, text: Tell the owning team }
`;

const errorsOf = (text: string) => {
  const result = parsePlaybook(text, "playbooks/queue.yml");
  if (result.ok) throw new Error("expected errors");
  return result.errors.map(formatConfigError);
};

describe("playbooks/*.yml", () => {
  it("reads a playbook with every step kind, filling in what is left out", () => {
    const result = parsePlaybook(QUEUE_BACKLOG, "playbooks/queue.yml");
    if (!result.ok) throw new Error(result.errors.map(formatConfigError).join("\n"));
    const playbook = result.value;
    expect(playbook.steps.map((s) => s.kind)).toEqual([
      "instruction",
      "check",
      "decision",
      "approval",
      "action",
      "wait",
      "decision",
      "note",
      "checklist",
    ]);
    expect(playbook.estimatedDuration).toBe(15 * 60_000);
    expect(playbook.triggers).toHaveLength(2);
    const approval = playbook.steps.find((s) => s.kind === "approval");
    expect(approval).toMatchObject({ role: "operator", timeout: 600_000 });
    const wait = playbook.steps.find((s) => s.kind === "wait");
    expect(wait).toMatchObject({ auto: true, timeout: 120_000, until: { service: "worker", state: "up" } });
    // A playbook that says nothing about triggers is started by hand only.
    const manual = parsePlaybook(
      "version: 1\nid: m\ntitle: M\nsteps:\n  - { id: a, kind: note, title: A }\n",
      "playbooks/m.yml",
    );
    expect(manual.ok && manual.value.triggers).toEqual([{ manual: true }]);
  });

  it("points at a misspelled key with file, line and column, and suggests the key", () => {
    expect(errorsOf(QUEUE_BACKLOG.replace("    timeout: 2m", "    timout: 2m"))).toEqual([
      "playbooks/queue.yml:40:5: steps[5].timeout: missing required key `timeout` (string or number)",
      "playbooks/queue.yml:44:5: steps[5].timout: unknown key `timout` (did you mean `timeout`?)",
    ]);
  });

  it("refuses branches to steps that do not exist, duplicate ids, and parameters from later steps", () => {
    const broken = QUEUE_BACKLOG.replace("goto: note }", "goto: notes }")
      .replace("  - id: note\n", "  - id: queue\n")
      .replace("{{steps.scope.answer}}", "{{steps.healthy.state}}");
    const errors = errorsOf(broken);
    expect(errors).toContainEqual(
      expect.stringMatching(
        /^playbooks\/queue\.yml:\d+:\d+: steps\[7\]\.id: duplicate step id `queue` \(also steps\[1\]\)$/,
      ),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(/steps\[2\]\.options\[1\]\.goto: no step `notes` in this playbook/),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(
        /steps\[4\]\.params\.reason: `\{\{steps\.healthy\.state\}\}` names a step that comes later/,
      ),
    );
  });

  it("says what a decision needs, and which step kinds exist", () => {
    expect(errorsOf(QUEUE_BACKLOG.replace("    question: Does the log show an error?\n", ""))).toEqual([
      expect.stringMatching(/steps\[2\]: a decision a person answers needs both `question` and `options`$/),
    ]);
    const unknownKind = errorsOf(QUEUE_BACKLOG.replace("kind: note", "kind: memo"));
    expect(unknownKind).toHaveLength(1);
    expect(unknownKind[0]).toMatch(/steps\[7\]\.kind: .*instruction.*checklist.*approval.*note/);
  });
});

/** The stack QUEUE_BACKLOG was written for. */
const STACK: PlaybookTargets = {
  services: new Map([
    [
      "redis",
      {
        checks: new Map([["queue", { metrics: ["depth", "latency_ms"] }]]),
        actions: new Map(),
      },
    ],
    [
      "worker",
      {
        checks: new Map([["alive", { metrics: ["latency_ms"] }]]),
        actions: new Map([
          [
            "restart",
            {
              title: "Restart",
              params: z.strictObject({ reason: z.string().max(20), timeout: z.number().int().optional() }),
            },
          ],
        ]),
      },
    ],
  ]),
};

describe("a playbook against the stack it runs on", () => {
  const against = (text: string) => {
    const result = parsePlaybook(text, "playbooks/queue.yml", {}, STACK);
    return result.ok ? [] : result.errors.map(formatConfigError);
  };

  it("accepts a playbook whose services, checks, metrics and actions all exist", () => {
    // The templated reason is checked when the step runs, with the answer it gets.
    expect(against(QUEUE_BACKLOG)).toEqual([]);
  });

  it("names each unknown service, check, metric and action where it is written, with a hint", () => {
    const errors = against(
      QUEUE_BACKLOG.replace("metric: depth", "metric: dept")
        .replace("  - { service: worker, state: down }", "  - { service: wroker, state: down }")
        .replace("    check: queue\n", "    check: queues\n")
        .replace("action: restart", "action: restrat"),
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^playbooks\/queue\.yml:9:\d+: triggers\[0\]\.metric: check "redis\/queue" records no metric "dept" \(did you mean `depth`\?\)$/,
      ),
      expect.stringMatching(
        /^playbooks\/queue\.yml:10:\d+: triggers\[1\]\.service: unknown service "wroker" \(did you mean `worker`\?\)$/,
      ),
      expect.stringMatching(
        /steps\[1\]\.check: service "redis" has no check "queues" \(did you mean `queue`\?\)$/,
      ),
      expect.stringMatching(
        /steps\[4\]\.action: service "worker" has no action "restrat" \(did you mean `restart`\?\)$/,
      ),
    ]);
  });

  it("checks fixed action parameters against the action's own schema", () => {
    const errors = against(
      QUEUE_BACKLOG.replace(
        'params: { reason: "backlog: {{steps.scope.answer}}" }',
        "params: { reason: 7, force: true }",
      ),
    );
    expect(errors).toEqual([
      expect.stringMatching(/steps\[4\]\.params\.reason: Invalid input: expected string, received number$/),
      expect.stringMatching(/steps\[4\]\.params\.force: the action takes no parameter "force"$/),
    ]);
    expect(
      against(QUEUE_BACKLOG.replace('params: { reason: "backlog: {{steps.scope.answer}}" }', "params: {}")),
    ).toEqual([
      expect.stringMatching(
        /steps\[4\]\.params: parameter "reason" is required by the action: an `auto` step must give it/,
      ),
    ]);
    // A step a person starts leaves it to them: the run page's form asks for it.
    const manual = QUEUE_BACKLOG.replace(
      'params: { reason: "backlog: {{steps.scope.answer}}" }\n    auto: true',
      "params: {}",
    );
    expect(manual).not.toBe(QUEUE_BACKLOG);
    expect(against(manual)).toEqual([]);
  });
});

describe("public/playbook.schema.json", () => {
  it("is exactly what `npm run config:schema` generates from the zod model", () => {
    const committed = readFileSync(path.resolve(__dirname, "../..", PLAYBOOK_SCHEMA_PATH), "utf8");
    expect(committed, "run `npm run config:schema` and commit the result").toBe(playbookJsonSchemaText());
  });

  it("accepts what the console accepts and flags a typo, so editors agree with the console", () => {
    const validate = new Ajv2020({ strict: false }).compile(playbookJsonSchema());
    expect(validate(parse(QUEUE_BACKLOG))).toBe(true);
    expect(validate(parse(QUEUE_BACKLOG.replace("    timeout: 2m", "    timout: 2m")))).toBe(false);
  });
});
