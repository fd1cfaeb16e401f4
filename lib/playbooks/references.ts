import type { z } from "zod";
import type { ErrorSink } from "@/lib/catalog/config-error";
import { didYouMean } from "@/lib/catalog/did-you-mean";
import type { PlaybookConfig } from "./schemas";

/**
 * What a playbook may name in the stack it runs on: services with their checks (and the metrics
 * each records) and actions (with their parameter schemas). Built from the live catalog by
 * `playbookTargets` (server side); plain data here so the checks below are pure and testable.
 */
export interface PlaybookTargets {
  services: ReadonlyMap<string, TargetService>;
}

export interface TargetService {
  checks: ReadonlyMap<string, { metrics: readonly string[] }>;
  actions: ReadonlyMap<string, { title: string; params: z.ZodType }>;
}

type Path = (string | number)[];
type Watched = { service: string; check?: string; metric?: string };

const TEMPLATE = /\{\{[^}]*\}\}/;

/**
 * Everything a playbook names must exist in the stack: services, their checks and metrics, their
 * actions, and fixed action parameters must be valid for the action. A parameter taken from an
 * earlier step is checked when the step runs, with the value it gets.
 */
export function checkReferences(playbook: PlaybookConfig, targets: PlaybookTargets, sink: ErrorSink): void {
  const service = (path: Path, id: string) => {
    const found = targets.services.get(id);
    if (!found) sink.atPath(path, `unknown service "${id}"${didYouMean(id, [...targets.services.keys()])}`);
    return found;
  };
  const watched = (path: Path, w: Watched) => {
    const svc = service([...path, "service"], w.service);
    if (!svc || w.check === undefined) return;
    const check = svc.checks.get(w.check);
    if (!check) {
      const ids = [...svc.checks.keys()];
      return sink.atPath(
        [...path, "check"],
        `service "${w.service}" has no check "${w.check}"${didYouMean(w.check, ids) || listed("checks", ids)}`,
      );
    }
    if (w.metric !== undefined && !check.metrics.includes(w.metric))
      sink.atPath(
        [...path, "metric"],
        `check "${w.service}/${w.check}" records no metric "${w.metric}"${didYouMean(w.metric, check.metrics) || listed("metrics", check.metrics)}`,
      );
  };

  playbook.triggers.forEach((trigger, i) => {
    if ("service" in trigger) watched(["triggers", i], trigger);
  });
  playbook.steps.forEach((step, i) => {
    const at: Path = ["steps", i];
    switch (step.kind) {
      case "check":
        return watched(at, step);
      case "wait":
        return watched([...at, "until"], step.until);
      case "decision":
        return step.onCheck && watched([...at, "onCheck"], step.onCheck);
      case "action": {
        const svc = service([...at, "service"], step.service);
        if (!svc) return;
        const action = svc.actions.get(step.action);
        if (!action) {
          const ids = [...svc.actions.keys()];
          return sink.atPath(
            [...at, "action"],
            `service "${step.service}" has no action "${step.action}"${didYouMean(step.action, ids) || listed("actions", ids)}`,
          );
        }
        return checkParams(step.params, action.params, [...at, "params"], sink, step.auto);
      }
    }
  });
}

/**
 * Fixed values must pass the action's schema; templated ones are left to run time. A step a
 * person starts may leave required parameters to them (the form asks); an `auto` step cannot.
 */
function checkParams(
  params: Record<string, unknown>,
  schema: z.ZodType,
  path: Path,
  sink: ErrorSink,
  auto: boolean,
): void {
  const templated = new Set(
    Object.entries(params)
      .filter(([, v]) => typeof v === "string" && TEMPLATE.test(v))
      .map(([k]) => k),
  );
  const fixed = Object.fromEntries(Object.entries(params).filter(([k]) => !templated.has(k)));
  const parsed = schema.safeParse(fixed);
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    const [first] = issue.path;
    if (typeof first === "string" && templated.has(first)) continue;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) sink.atPath([...path, key], `the action takes no parameter "${key}"`);
      continue;
    }
    const name = typeof first === "string" ? first : undefined;
    const missing = name !== undefined && !(name in params);
    if (missing && !auto) continue;
    sink.atPath(
      name && !missing ? [...path, name] : path,
      missing
        ? `parameter "${name}" is required by the action: an \`auto\` step must give it (or leave out \`auto\` so a person fills it in)`
        : issue.message,
    );
  }
}

function listed(what: string, ids: readonly string[]): string {
  return ids.length ? ` (its ${what}: ${ids.join(", ")})` : ` (it has no ${what})`;
}
