import {
  ConditionSyntaxError,
  parseCondition,
  parseThreshold,
  type ComparisonOp,
  type Condition,
  type ConditionValue,
  type PathSegment,
} from "./condition-parse";

export { ConditionSyntaxError, parseCondition, parseThreshold };
export type { Condition, ConditionOp, ConditionValue, PathSegment } from "./condition-parse";

/** What a probe observed, addressed by condition subjects: `status`, `json.items[0].id`, ... */
export interface Observation {
  [subject: string]: unknown;
}

export type EvaluationResult =
  | { ok: true }
  | {
      ok: false;
      failed: string;
      actual: string;
      /** The first field the failed condition names ("body", "json", "status"). */
      subject?: string;
      /** The failing value itself, uncut (for those allowed to see what the target answered). */
      value?: unknown;
    };

/** `matches` only looks at the first 64KB so a hostile body cannot make a regex run for long. */
export const MATCH_SUBJECT_LIMIT = 64 * 1024;
const ACTUAL_LIMIT = 200;

/** For the config loader: null when valid, else where and what was expected. */
export function validateCondition(text: string): { column: number; message: string } | null {
  try {
    parseCondition(text);
    return null;
  } catch (error) {
    if (error instanceof ConditionSyntaxError) return { column: error.column, message: error.reason };
    throw error;
  }
}

export function validateThreshold(text: string): { column: number; message: string } | null {
  try {
    parseThreshold(text);
    return null;
  } catch (error) {
    if (error instanceof ConditionSyntaxError) return { column: error.column, message: error.reason };
    throw error;
  }
}

/** Checks every condition in order; reports the first that fails. Never throws. */
export function evaluateConditions(conditions: readonly string[], observed: Observation): EvaluationResult {
  for (const text of conditions) {
    let condition: Condition;
    try {
      condition = parseCondition(text);
    } catch (error) {
      return { ok: false, failed: text, actual: `invalid condition: ${(error as Error).message}` };
    }
    const matches = resolvePath(observed, condition.path);
    if (matches.length === 0)
      return {
        ok: false,
        failed: text,
        actual: `no values matched ${describePath(condition.path)} (empty, missing or not an object/array)`,
      };
    const wildcard = condition.path.some((segment) => segment.kind === "wildcard");
    for (const match of matches) {
      if (test(condition, match.value)) continue;
      const rendered = render(match.value);
      const head = condition.path[0];
      return {
        ok: false,
        failed: text,
        actual: truncate(wildcard ? `${describePath(match.at)} = ${rendered}` : rendered),
        subject: head?.kind === "key" ? head.name : undefined,
        value: match.value,
      };
    }
  }
  return { ok: true };
}

/** True when `value` crosses the threshold, e.g. evaluateThreshold("> 100", 150). Throws on a malformed threshold. */
export function evaluateThreshold(expr: string, value: number): boolean {
  const { op, value: limit } = parseThreshold(expr);
  return compare(op, value, limit);
}

interface Match {
  value: unknown;
  at: PathSegment[];
}

/** Expands wildcards: `a.*.b` yields one match per element of `a`, so every element is tested. */
function resolvePath(root: unknown, path: PathSegment[]): Match[] {
  let current: Match[] = [{ value: root, at: [] }];
  for (const segment of path) {
    const next: Match[] = [];
    for (const { value, at } of current) {
      if (segment.kind === "wildcard") {
        if (Array.isArray(value))
          value.forEach((item, index) => next.push({ value: item, at: [...at, { kind: "index", index }] }));
        else if (isObject(value))
          for (const [name, item] of Object.entries(value))
            next.push({ value: item, at: [...at, { kind: "key", name }] });
      } else if (segment.kind === "index") {
        next.push({ value: Array.isArray(value) ? value[segment.index] : undefined, at: [...at, segment] });
      } else {
        const own = isObject(value) && Object.hasOwn(value, segment.name);
        next.push({
          value: own ? (value as Record<string, unknown>)[segment.name] : undefined,
          at: [...at, segment],
        });
      }
    }
    current = next;
  }
  return current;
}

function test(condition: Condition, actual: unknown): boolean {
  const expected = condition.value as ConditionValue;
  switch (condition.op) {
    case "exists":
      return actual !== undefined && actual !== null;
    case "==":
      return equals(actual, expected);
    case "!=":
      return !equals(actual, expected);
    case "contains":
      return contains(actual, expected);
    case "!contains":
      return !contains(actual, expected);
    case "matches": {
      if (!isPrimitive(actual)) return false;
      return condition.regex!.test(String(actual).slice(0, MATCH_SUBJECT_LIMIT));
    }
    default: {
      const number = toNumber(actual);
      return number !== null && compare(condition.op, number, expected as number);
    }
  }
}

function compare(op: ComparisonOp, left: number, right: number): boolean {
  switch (op) {
    case "==":
      return left === right;
    case "!=":
      return left !== right;
    case "<":
      return left < right;
    case "<=":
      return left <= right;
    case ">":
      return left > right;
    case ">=":
      return left >= right;
  }
}

/** Numbers compare numerically (so "200" == 200); strings compare against the text of a primitive. */
function equals(actual: unknown, expected: ConditionValue): boolean {
  if (typeof expected === "number") return toNumber(actual) === expected;
  if (typeof expected === "string")
    return isPrimitive(actual) && actual !== null && String(actual) === expected;
  return actual === expected;
}

function contains(actual: unknown, expected: ConditionValue): boolean {
  if (Array.isArray(actual)) return actual.some((item) => equals(item, expected));
  if (typeof actual === "string") return actual.includes(String(expected));
  if (isObject(actual)) return typeof expected === "string" && Object.hasOwn(actual, expected);
  return false;
}

function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isPrimitive(value: unknown): value is string | number | boolean | null {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

function describePath(path: PathSegment[]): string {
  return path
    .map((segment, i) => {
      if (segment.kind === "wildcard") return i === 0 ? "*" : ".*";
      if (segment.kind === "index") return `[${segment.index}]`;
      return /^[A-Za-z_$][\w$-]*$/.test(segment.name)
        ? `${i === 0 ? "" : "."}${segment.name}`
        : `[${JSON.stringify(segment.name)}]`;
    })
    .join("");
}

/** A short, single-line rendering of an observed value; JSON escapes keep control characters out. */
function render(value: unknown): string {
  if (value === undefined) return "missing";
  if (typeof value === "string") return JSON.stringify(value.slice(0, ACTUAL_LIMIT));
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function truncate(text: string): string {
  return text.length <= ACTUAL_LIMIT ? text : `${text.slice(0, ACTUAL_LIMIT - 1)}…`;
}
