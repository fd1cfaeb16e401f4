import type { ImportCatalog } from "./catalog";
import { flowYaml } from "./draft-yaml";
import { slug, unique } from "./ids";
import { matchCommand, type Match } from "./match";
import type { Procedure } from "./outline";
import { shellCommands, type ShellCommand } from "./shell";
import type { StepDraft } from "./steps";
import { alertThreshold, tableThresholds, type Threshold } from "./thresholds";
import type { Suggestion } from "./types";

/**
 * What a draft's reviewer is offered: for each command of a step, the declared checks and actions
 * it matches as steps to paste; for each threshold the runbook states, its condition and trigger.
 */
const MAX_SUGGESTIONS_PER_STEP = 6;

/** The commands of a step, as the logical lines the matcher reads (SQL as `psql -c`). */
function commandsOf(draft: StepDraft): (ShellCommand & { at: number })[] {
  return draft.commands.flatMap((c) => {
    if (c.code === "sql" || c.code === "psql")
      return c.text
        .split(";")
        .map((s) => s.trim())
        .filter(Boolean)
        .map((sql) => ({ text: sql, line: 0, at: c.line, pipelines: [[{ argv: ["psql", "-c", sql] }]] }));
    return shellCommands(c.text).map((cmd) => ({
      ...cmd,
      at: c.line + (c.code === "inline" ? 0 : cmd.line),
    }));
  });
}

export function stepSuggestions(
  draft: StepDraft,
  stepId: string,
  draftId: string,
  catalog: ImportCatalog,
  ids: Set<string>,
): Suggestion[] {
  const out: Suggestion[] = [];
  for (const command of commandsOf(draft)) {
    for (const match of matchCommand(command, catalog, draft.title).slice(0, 2)) {
      if (out.length >= MAX_SUGGESTIONS_PER_STEP) return out;
      if (
        out.some(
          (s) =>
            s.type === "step" &&
            s.service === match.service &&
            s.target === match.target &&
            s.kind === match.kind,
        )
      )
        continue;
      out.push({
        ...match,
        type: "step",
        draftId,
        stepId,
        command: command.text,
        line: command.at,
        yaml: `- ${flowYaml(suggestedStep(match, stepId, catalog, ids))}`,
      });
    }
  }
  return out;
}

/** The step to use instead of copying the command; its id is reserved so accepting every suggestion still loads. */
function suggestedStep(match: Match, stepId: string, catalog: ImportCatalog, ids: Set<string>): object {
  const id = unique(slug(`${stepId}-${match.target}`, 50), ids);
  const service = catalog.services.find((s) => s.id === match.service);
  if (match.kind === "check")
    return {
      id,
      kind: "check",
      title: `Check ${match.service}/${match.target}`,
      service: match.service,
      check: match.target,
    };
  const named = service?.actions.find((a) => a.id === match.target)?.title ?? match.target;
  return {
    id,
    kind: "action",
    title: `${named} (${match.service})`,
    service: match.service,
    action: match.target,
    ...(match.params ? { params: match.params } : {}),
  };
}

export function thresholdSuggestions(
  procedure: Procedure,
  draftId: string,
  catalog?: ImportCatalog,
): Suggestion[] {
  const found: Threshold[] = [];
  for (const block of procedure.blocks) {
    if (block.kind === "table") found.push(...tableThresholds(block.header, block.rows, block.line, catalog));
    if (block.kind === "paragraph")
      block.text.split("\n").forEach((l, k) => {
        const t = alertThreshold(l, block.line + k, catalog);
        if (t) found.push(t);
      });
  }
  return found.map((t) => ({
    ...t,
    type: "condition" as const,
    draftId,
    config: `metric: ${flowYaml({ name: t.name, ...(t.unit ? { unit: t.unit } : {}), ...(t.warn ? { warn: t.warn } : {}), ...(t.critical ? { critical: t.critical } : {}) })}`,
    ...(t.recordedBy && t.above !== undefined
      ? { trigger: `- ${flowYaml({ ...t.recordedBy, above: t.above })}` }
      : {}),
  }));
}
