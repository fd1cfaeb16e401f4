import { Document, isMap, isSeq, stringify } from "yaml";
import type { PlaybookConfig } from "@/lib/playbooks/schemas";
import type { Suggestion } from "./types";

/**
 * A draft as a playbooks/<id>.yml file: the playbook itself (which loads as it is) and, as
 * comments, where each step came from and what the reviewer may use instead of copying a
 * command. A suggested step is a complete list item after `# `, so accepting it is deleting two
 * characters; a comment never holds a line break, so no source text can become YAML.
 */
export interface DraftComments {
  header: string[];
  /** Per step id: its source lines. */
  sources: Map<string, string>;
  suggestions: Suggestion[];
}

export function draftYaml(playbook: PlaybookConfig, comments: DraftComments): string {
  const doc = new Document(playbook);
  doc.commentBefore = comments.header.map((l) => ` ${oneLine(l)}`).join("\n");
  const triggers = doc.get("triggers", true);
  const suggestedTriggers = comments.suggestions.flatMap((s) =>
    s.type === "condition" && s.trigger ? [s] : [],
  );
  if (isSeq(triggers) && suggestedTriggers.length)
    triggers.comment = [
      " Suggested by the runbook's thresholds (uncomment to be offered this playbook when it holds):",
      ...suggestedTriggers.map(
        (s) => ` ${oneLine(s.trigger!)}  # ${oneLine(`${s.metric} ${s.critical ?? ""}, line ${s.line}`)}`,
      ),
    ].join("\n");
  const steps = doc.get("steps", true);
  if (!isSeq(steps)) return doc.toString(OPTIONS);
  const before = new Map<number, string[]>();
  const at = (i: number) => before.get(i) ?? before.set(i, []).get(i)!;
  const starts = playbook.steps.map((step) => stepLine(comments, step.id));
  playbook.steps.forEach((step, i) => {
    const source = comments.sources.get(step.id);
    if (source) at(i).push(` ${oneLine(source)}`);
    // After the step: the comment before the next one (or after the list for the last step).
    const after = at(i + 1);
    for (const s of comments.suggestions) {
      if (s.type === "step" && s.stepId === step.id) {
        after.push(
          ` Suggested (${s.confidence}): ${oneLine(s.reason)}; for \`${clip(s.command, 80)}\` (line ${s.line}):`,
        );
        after.push(` ${oneLine(s.yaml)}`);
      }
      const next = starts[i + 1] ?? Infinity;
      if (s.type === "condition" && (i === 0 || s.line >= starts[i]) && s.line < next) {
        const levels = `${s.warn ? ` warn ${s.warn}` : ""}${s.critical ? ` critical ${s.critical}` : ""}`;
        after.push(
          ` Threshold (line ${s.line}): ${oneLine(s.metric)}${levels}; a check in opsdeck.yml may record it as ${oneLine(s.config)}`,
        );
      }
    }
  });
  steps.items.forEach((item, i) => {
    const lines = before.get(i);
    if (lines?.length && isMap(item)) item.commentBefore = lines.join("\n");
  });
  const last = before.get(playbook.steps.length);
  if (last?.length) steps.comment = last.join("\n");
  return doc.toString(OPTIONS);
}

const OPTIONS = { blockQuote: "literal", lineWidth: 0 } as const;

function stepLine(comments: DraftComments, id: string): number {
  return Number(/lines? (\d+)/.exec(comments.sources.get(id) ?? "")?.[1] ?? 0);
}

/**
 * Whether the loader would refuse the text as nested too deep (lib/catalog/load-config.ts counts
 * brackets and indentation even inside block text, and stops at 64 levels). Counted without regard
 * to quotes, so it errs on the safe side; a draft stays well under the limit.
 */
export function tooDeep(yaml: string): boolean {
  let depth = 0;
  for (const line of yaml.split("\n")) {
    if (/^ {100}/.test(line)) return true;
    if (line.trimStart().startsWith("#")) continue;
    for (const c of line) {
      if (c === "[" || c === "{") {
        if (++depth > 48) return true;
      } else if ((c === "]" || c === "}") && depth > 0) depth--;
    }
  }
  return false;
}

/** A value as one line of flow YAML: `{ id: x, kind: action, ... }`. */
export function flowYaml(value: object): string {
  return stringify(value, { collectionStyle: "flow", lineWidth: 0 }).trim();
}

export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029\u0085]+/g, " ").slice(0, 400);
}

function clip(text: string, max: number): string {
  const one = oneLine(text).replace(/\s+/g, " ");
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
