import type { PlaybookStep } from "./schemas";
import type { RunState } from "./run-types";
import { Validation } from "@/lib/errors";

/** What a run knows of its earlier steps, as `when` conditions and `{{steps...}}` parameters read it. Pure. */

/** What a step's `when` reads: the run's properties and what earlier steps answered and found. */
export function observation(state: RunState): Record<string, unknown> {
  const answers: Record<string, string> = {};
  const steps: Record<string, unknown> = {};
  for (const [id, s] of Object.entries(state.steps)) {
    if (s.answer !== undefined) answers[id] = s.answer;
    steps[id] = {
      status: s.status,
      ...(s.answer !== undefined ? { answer: s.answer } : {}),
      ...(s.result ? { ok: s.result.ok, value: s.result.value, reason: s.result.reason } : {}),
      ...(s.result?.output ? { output: s.result.output } : {}),
      ...(s.items
        ? { items: Object.fromEntries(Object.entries(s.items).map(([k, v]) => [k, v.value ?? true])) }
        : {}),
      ...(s.note ? { note: s.note } : {}),
    };
  }
  return { ...state.props, answers, steps };
}

const TEMPLATE = /\{\{\s*steps\.([a-z0-9][a-z0-9_.-]*?)\.([a-z0-9_.-]+)\s*\}\}/g;

/**
 * An action step's parameters with `{{steps.<id>.<field>}}` filled from earlier steps (`answer`,
 * `value`, `reason`, `note`, `items.<item>`, `output.<field>`). A value that is not there yet is an
 * error naming it.
 */
export function resolveParams(
  step: Extract<PlaybookStep, { kind: "action" }>,
  state: RunState,
): Record<string, unknown> {
  const seen = observation(state).steps as Record<string, Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(step.params)) {
    if (typeof raw !== "string") {
      out[name] = raw;
      continue;
    }
    const whole = /^\{\{[^}]*\}\}$/.test(raw.trim());
    let missing: string | null = null;
    const filled = raw.replace(TEMPLATE, (match, stepId: string, field: string) => {
      let value: unknown = seen[stepId];
      for (const part of field.split(".")) value = (value as Record<string, unknown> | undefined)?.[part];
      if (value === undefined || value === null || typeof value === "object") {
        missing ??= match;
        return "";
      }
      return String(value);
    });
    if (missing) throw new Validation(`params.${name}: ${missing} has no value yet`);
    // A parameter that is only a reference keeps the value's type (a number stays a number).
    const single = whole ? [...raw.matchAll(TEMPLATE)][0] : null;
    if (single) {
      let value: unknown = seen[single[1]];
      for (const part of single[2].split(".")) value = (value as Record<string, unknown>)[part];
      out[name] = value;
    } else out[name] = filled;
  }
  return out;
}

const MAX_OUTPUT_FIELDS = 20;
const MAX_OUTPUT_TEXT = 500;

/** The top-level plain values of an action's result (at most 20, texts cut at 500 characters). */
export function actionOutput(result: unknown): Record<string, string | number | boolean> | undefined {
  if (!result || typeof result !== "object" || Array.isArray(result)) return undefined;
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(result)) {
    if (Object.keys(out).length >= MAX_OUTPUT_FIELDS) break;
    if (typeof value === "string") out[key] = value.slice(0, MAX_OUTPUT_TEXT);
    else if (typeof value === "number" || typeof value === "boolean") out[key] = value;
  }
  return Object.keys(out).length ? out : undefined;
}
