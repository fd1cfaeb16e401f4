import { z } from "zod";
import { didYouMean } from "./did-you-mean";
import type { ErrorSink } from "./config-error";

type Issue = z.core.$ZodIssue;

/** Turns zod issues into positioned, human-sized messages ("expected number, got string"). */
export function reportIssues(
  schema: z.ZodType,
  issues: readonly Issue[],
  data: unknown,
  sink: ErrorSink,
): void {
  for (const issue of issues) {
    const path = issue.path;
    if (issue.code === "unrecognized_keys") {
      const allowed = objectKeysAt(schema, path, data);
      for (const key of issue.keys) {
        const hint = didYouMean(key, allowed);
        const list = hint || allowed.length === 0 ? "" : `; allowed keys: ${allowed.join(", ")}`;
        sink.atKey(path, key, `unknown key \`${key}\`${hint}${list}`);
      }
      continue;
    }
    sink.atPath(path, messageFor(issue, valueAt(data, path)));
  }
}

function messageFor(issue: Issue, value: unknown): string {
  const last = issue.path[issue.path.length - 1];
  const missing = value === undefined && typeof last === "string";
  switch (issue.code) {
    case "invalid_union": {
      if ("discriminator" in issue && issue.discriminator) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        const kinds = options.map(String);
        if (missing) return `missing \`${last}\`: expected one of ${kinds.join(", ")}`;
        return `expected one of ${kinds.join(", ")}, got ${describe(value)}${didYouMean(String(value), kinds)}`;
      }
      return unionMessage(issue.errors, value, missing ? String(last) : undefined) ?? issue.message;
    }
    case "invalid_type":
      if (missing) return `missing required key \`${String(last)}\` (${issue.expected})`;
      return `expected ${issue.expected}, got ${describe(value)}`;
    case "invalid_value": {
      const values = issue.values.map((v) => JSON.stringify(v));
      const expected = values.length === 1 ? values[0] : `one of ${values.join(", ")}`;
      return missing
        ? `missing required key \`${String(last)}\`: expected ${expected}`
        : `expected ${expected}, got ${describe(value)}`;
    }
    default:
      return issue.message;
  }
}

/** A union of types (e.g. duration: string | number): name the types, or the branch whose type matched. */
function unionMessage(
  branches: readonly (readonly Issue[])[],
  value: unknown,
  missingKey?: string,
): string | undefined {
  const typeOnly = branches.every(
    (b) => b.length > 0 && b.every((i) => i.code === "invalid_type" && i.path.length === 0),
  );
  if (typeOnly) {
    const expected = [
      ...new Set(branches.flatMap((b) => b.map((i) => (i.code === "invalid_type" ? i.expected : "")))),
    ];
    if (missingKey) return `missing required key \`${missingKey}\` (${expected.join(" or ")})`;
    return `expected ${expected.join(" or ")}, got ${describe(value)}`;
  }
  const matched = branches.find((b) => b.length > 0 && !b.every((i) => i.code === "invalid_type"));
  return matched?.[0]?.message;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return `${typeof value} ${String(value)}`;
}

export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (
      s instanceof z.ZodOptional ||
      s instanceof z.ZodDefault ||
      s instanceof z.ZodPrefault ||
      s instanceof z.ZodNullable
    ) {
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else return s;
  }
}

/** For a discriminated union, the option the data's discriminator selects. */
function pick(schema: z.ZodType, data: unknown): z.ZodType {
  if (!(schema instanceof z.ZodDiscriminatedUnion)) return schema;
  const key = schema.def.discriminator;
  const wanted = valueAt(data, [key]);
  for (const option of schema.options as readonly z.ZodType[]) {
    const field = option instanceof z.ZodObject ? unwrap(option.shape[key] as z.ZodType) : undefined;
    if (field instanceof z.ZodLiteral && field.values.has(wanted as never)) return option;
  }
  return schema;
}

/** The keys allowed in the object that `path` points at, for "did you mean" hints. */
export function objectKeysAt(root: z.ZodType, path: readonly PropertyKey[], data: unknown): string[] {
  let schema: z.ZodType | undefined = unwrap(root);
  let current = data;
  for (const segment of path) {
    schema = pick(schema, current);
    if (schema instanceof z.ZodObject) schema = schema.shape[String(segment)] as z.ZodType | undefined;
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.ZodType;
    else return [];
    if (!schema) return [];
    schema = unwrap(schema);
    current = valueAt(current, [segment]);
  }
  schema = pick(schema, current);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}
