import type { ErrorSink } from "@/lib/catalog/config-error";
import { unknownSubject } from "@/lib/catalog/action-semantics";
import { reportSyntax } from "@/lib/catalog/config-semantics";
import { validateCondition } from "@/lib/probes/conditions";
import { parseYamlModel, readYamlFile, type ModelResult } from "@/lib/catalog/load-config";
import { checkReferences, type PlaybookTargets } from "./references";
import { playbookSchema, type PlaybookConfig } from "./schemas";

/**
 * Reads one playbooks/*.yml file with the same parser, limits and messages as opsdeck.yml (file,
 * line, column, "did you mean"), then what the file alone can tell: step ids are unique, every
 * branch goes to a step of this playbook, a parameter taken from a step names an earlier one.
 * With `targets` (the stack it runs on), also that every service, check, metric and action it
 * names exists and fixed action parameters are valid.
 */
export function parsePlaybook(
  text: string,
  file: string,
  env: Record<string, string | undefined> = {},
  targets?: PlaybookTargets,
): ModelResult<PlaybookConfig> {
  return parseYamlModel(text, file, env, playbookSchema, (playbook, sink) => {
    checkPlaybook(playbook, sink);
    if (targets) checkReferences(playbook, targets, sink);
  });
}

export async function loadPlaybookFile(
  path: string,
  env: Record<string, string | undefined> = {},
  targets?: PlaybookTargets,
): Promise<ModelResult<PlaybookConfig>> {
  return readYamlFile(path, "playbook", (text) => parsePlaybook(text, path, env, targets));
}

/** What a step's `when` may read (lib/playbooks/run-machine.ts observation). */
const WHEN_SUBJECTS = ["severity", "service", "incident", "answers", "steps"];

const STEP_REFERENCE = /\{\{\s*steps\.([a-z0-9][a-z0-9_.-]*?)\.[a-z0-9_.-]+\s*\}\}/g;

function checkPlaybook(playbook: PlaybookConfig, sink: ErrorSink): void {
  const index = new Map<string, number>();
  playbook.steps.forEach((step, i) => {
    if (index.has(step.id))
      sink.atPath(["steps", i, "id"], `duplicate step id \`${step.id}\` (also steps[${index.get(step.id)}])`);
    else index.set(step.id, i);
  });
  const goesTo = (path: (string | number)[], target: string, from: number) => {
    const at = index.get(target);
    if (at === undefined)
      sink.atPath(path, `no step \`${target}\` in this playbook (steps: ${[...index.keys()].join(", ")})`);
    else if (at === from) sink.atPath(path, "a step cannot go to itself");
  };
  playbook.steps.forEach((step, i) => {
    if (step.when) {
      const syntax = validateCondition(step.when);
      if (syntax) reportSyntax(["steps", i, "when"], syntax, "condition", sink);
      else {
        const unknown = unknownSubject(step.when, WHEN_SUBJECTS, "a step's `when`");
        if (unknown) sink.atPath(["steps", i, "when"], `invalid condition: ${unknown}`);
      }
    }
    if (step.kind === "decision") {
      const asks = step.question !== undefined || step.options !== undefined;
      if (asks === (step.onCheck !== undefined))
        sink.atPath(
          ["steps", i],
          "a decision has either `question` with `options` (a person answers) or `onCheck` (a check decides)",
        );
      else if (asks && (!step.question || !step.options))
        sink.atPath(["steps", i], "a decision a person answers needs both `question` and `options`");
      step.options?.forEach((option, k) => goesTo(["steps", i, "options", k, "goto"], option.goto, i));
      if (step.onCheck) {
        goesTo(["steps", i, "onCheck", "pass"], step.onCheck.pass, i);
        goesTo(["steps", i, "onCheck", "fail"], step.onCheck.fail, i);
      }
    }
    if (step.kind === "checklist") {
      const seen = new Set<string>();
      step.items.forEach((item, k) => {
        if (seen.has(item.id))
          sink.atPath(["steps", i, "items", k, "id"], `duplicate item id \`${item.id}\``);
        seen.add(item.id);
      });
    }
    if (step.kind === "action")
      for (const [name, value] of Object.entries(step.params)) {
        if (typeof value !== "string") continue;
        for (const match of value.matchAll(STEP_REFERENCE)) {
          const at = index.get(match[1]);
          if (at === undefined || at >= i)
            sink.atPath(
              ["steps", i, "params", name],
              `\`${match[0]}\` names ${at === undefined ? "no step of this playbook" : "a step that comes later"}: a parameter can only come from an earlier step`,
            );
        }
      }
  });
}
