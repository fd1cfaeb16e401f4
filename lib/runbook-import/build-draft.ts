import { playbookSchema, type PlaybookConfig, type PlaybookStep } from "@/lib/playbooks/schemas";
import type { ImportCatalog } from "./catalog";
import { draftYaml, tooDeep } from "./draft-yaml";
import type { Procedure } from "./outline";
import { buildSteps, clip, type StepDraft } from "./steps";
import { slug, unique } from "./ids";
import { stepSuggestions, thresholdSuggestions } from "./suggest";
import type { DraftPlaybook, ImportWarning, SourceSpan, Suggestion } from "./types";

/** One procedure of the runbook as a draft playbook, its suggestions and where each step came from. */
export interface DraftInput {
  procedure: Procedure;
  runbookTitle: string;
  plain: boolean;
  catalog?: ImportCatalog;
  sourceName?: string;
  /** Playbook ids taken so far in this import. */
  ids: Set<string>;
}

const MAX_BODY = 20_000;
const MAX_ITEM = 500;

export function buildDraft(input: DraftInput) {
  const { procedure, catalog } = input;
  const warnings: ImportWarning[] = [];
  const title = draftTitle(procedure.path, input.runbookTitle);
  const id = unique(slug(title, 60) || "imported-runbook", input.ids);
  const drafts = buildSteps(procedure.blocks, title, {
    checklistSection: /check ?list|before release|pre-?flight|verification/i.test(title),
    plain: input.plain,
  });
  const stepIds = new Set<string>();
  const steps: PlaybookStep[] = [];
  const spans: SourceSpan[] = [{ draftId: id, line: procedure.line, end: procedure.end }];
  const sources = new Map<string, string>();
  const suggestions: Suggestion[] = [];
  for (const draft of drafts.length ? drafts : [emptyStep(title, procedure)]) {
    const step = toStep(draft, stepIds, warnings);
    steps.push(step);
    spans.push({ draftId: id, stepId: step.id, line: draft.line, end: draft.end });
    sources.set(
      step.id,
      draft.line === draft.end ? `source: line ${draft.line}` : `source: lines ${draft.line}-${draft.end}`,
    );
    if (catalog) suggestions.push(...stepSuggestions(draft, step.id, id, catalog, stepIds));
  }
  suggestions.push(...thresholdSuggestions(procedure, id, catalog));
  let playbook = validated(
    {
      version: 1,
      id,
      title,
      ...summaryOf(procedure),
      ...severityOf(procedure),
      triggers: [{ manual: true }],
      steps,
    },
    warnings,
  );
  const where = procedure.path.length
    ? `"${procedure.path.join(" › ")}"`
    : "the text before its first heading";
  const header = [
    `Draft imported from ${input.sourceName ?? "a runbook"}: ${where}, lines ${procedure.line}-${procedure.end}.`,
    "Review it before use. The runbook's commands are here to copy; nothing in them was run.",
    "Suggested checks and actions follow their step as comments: uncomment one to use it.",
  ];
  let yaml = draftYaml(playbook, { header, sources, suggestions });
  if (tooDeep(yaml)) {
    warnings.push({
      line: procedure.line,
      message: `draft "${id}": brackets and deep indentation in its text were flattened so that it loads (the loader stops at 64 levels)`,
    });
    playbook = flattened(playbook);
    yaml = draftYaml(playbook, { header, sources, suggestions });
  }
  const draft: DraftPlaybook = {
    id,
    title,
    path: procedure.path,
    line: procedure.line,
    end: procedure.end,
    playbook,
    yaml,
  };
  return { draft, suggestions, spans, warnings };
}

function draftTitle(path: string[], runbookTitle: string): string {
  const names = (path.length ? path : [runbookTitle]).map((p) =>
    p
      .replace(/^\d+(\.\d+)*\.?\s+/, "")
      .replace(/[*_`]/g, "")
      .trim(),
  );
  const last = names.at(-1) || runbookTitle;
  // "Weekly" alone says little in a list of playbooks: "Routine Maintenance: Weekly".
  return clip(names.length > 1 && !last.includes(" ") ? `${names.at(-2)}: ${last}` : last);
}

function toStep(draft: StepDraft, ids: Set<string>, warnings: ImportWarning[]): PlaybookStep {
  const id = unique(slug(draft.title, 40) || "step", ids);
  const title = draft.title || "Step";
  if (draft.kind === "checklist") {
    const itemIds = new Set<string>();
    const items = draft.items
      .map((text) => clip500(text, draft.line, warnings))
      .filter((text) => text.length > 0)
      .map((text) => ({ id: unique(slug(text, 40) || "item", itemIds), text }));
    if (items.length) return { id, kind: "checklist", title, items };
  }
  let body = draft.body.trim() || title;
  if (body.length > MAX_BODY) {
    warnings.push({
      line: draft.line,
      message: `step "${title}" is longer than ${MAX_BODY} characters: cut (the rest is in the source, lines ${draft.line}-${draft.end})`,
    });
    body = `${body.slice(0, MAX_BODY - 200)}\n\n… (cut here: see lines ${draft.line}-${draft.end} of the runbook)`;
  }
  return { id, kind: "instruction", title, body };
}

function clip500(text: string, line: number, warnings: ImportWarning[]): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= MAX_ITEM) return t;
  warnings.push({ line, message: "a checklist item longer than 500 characters was cut" });
  return `${t.slice(0, MAX_ITEM - 1)}…`;
}

function emptyStep(title: string, procedure: Procedure): StepDraft {
  return {
    kind: "instruction",
    title,
    body: `See "${procedure.path.join(" › ") || title}" in the runbook.`,
    items: [],
    line: procedure.line,
    end: procedure.end,
    commands: [],
  };
}

function summaryOf(procedure: Procedure): { summary?: string } {
  const first = procedure.blocks.find((b) => b.kind === "paragraph" && !/:\s*(\*\*)?$/.test(b.text));
  if (!first || first.kind !== "paragraph") return {};
  const text = first.text.replace(/\s+/g, " ").trim();
  return text ? { summary: text.length > 300 ? `${text.slice(0, 299)}…` : text } : {};
}

const SEVERITY = /^\W*(?:severity|priority)\W*:\s*\**\s*(p[1-4]|sev[ -]?[1-4]|critical|high|medium|low)\b/i;
const SEVERITY_MAP: Record<string, PlaybookConfig["severity"]> = {
  critical: "P1",
  high: "P2",
  medium: "P3",
  low: "P4",
};

function severityOf(procedure: Procedure): { severity?: PlaybookConfig["severity"] } {
  for (const block of procedure.blocks) {
    if (block.kind !== "paragraph") continue;
    const m = block.text
      .split("\n")
      .map((l) => SEVERITY.exec(l))
      .find(Boolean);
    if (m) {
      const v = m[1].toLowerCase().replace(/sev[ -]?/, "p");
      return { severity: SEVERITY_MAP[v] ?? (v.toUpperCase() as PlaybookConfig["severity"]) };
    }
  }
  return {};
}

/** Brackets as their full-width look-alikes and indentation cut to 40 spaces: for hostile text only. */
function flattened(playbook: PlaybookConfig): PlaybookConfig {
  const flat = (text: string) =>
    text
      .replace(/[[\]{}]/g, (c) => ({ "[": "［", "]": "］", "{": "｛", "}": "｝" })[c]!)
      .replace(/^ {40,}/gm, " ".repeat(40));
  const steps = playbook.steps.map((step): PlaybookStep => {
    if (step.kind === "instruction") return { ...step, title: flat(step.title), body: flat(step.body) };
    if (step.kind === "checklist")
      return {
        ...step,
        title: flat(step.title),
        items: step.items.map((i) => ({ ...i, text: flat(i.text) })),
      };
    return step;
  });
  return {
    ...playbook,
    title: flat(playbook.title),
    ...(playbook.summary ? { summary: flat(playbook.summary) } : {}),
    steps,
  };
}

/** The schema is the last word: a draft that would not load is reported, and reduced until it does. */
function validated(playbook: PlaybookConfig, warnings: ImportWarning[]): PlaybookConfig {
  const parsed = playbookSchema.safeParse(playbook);
  if (parsed.success) return playbook;
  warnings.push({
    message: `draft "${playbook.id}" did not fit the playbook model (${parsed.error.issues[0]?.message}): summary and severity dropped`,
  });
  const { summary: _s, severity: _v, ...rest } = playbook;
  return rest;
}
