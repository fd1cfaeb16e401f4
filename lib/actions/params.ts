import { z } from "zod";
import type { DeclaredParam, ParamView } from "./schemas";

/**
 * Parameters: declared ones become a strict zod object (unknown fields are errors), and any
 * kind's schema is described for the browser's form through its JSON Schema.
 */

export function declaredParamsSchema(params: readonly DeclaredParam[]): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const p of params) {
    let field: z.ZodType;
    switch (p.type) {
      case "integer": {
        let n = z.number("expected a whole number").int("expected a whole number");
        if (p.min !== undefined) n = n.min(p.min);
        if (p.max !== undefined) n = n.max(p.max);
        // Form fields arrive as digit strings; nothing else (true, [], "") may pass as a number.
        field = z.preprocess(
          (v) => (typeof v === "string" && /^-?\d{1,15}$/.test(v.trim()) ? Number(v) : v),
          n,
        );
        break;
      }
      case "boolean":
        field = z.boolean();
        break;
      case "enum":
        field = z.enum((p.values ?? []) as [string, ...string[]]);
        break;
      default: {
        let s = z
          .string()
          .max(p.maxLength)
          .refine((v) => !v.includes("\0"), "must not contain NUL bytes");
        if (p.pattern) {
          const re = new RegExp(`^(?:${p.pattern})$`);
          s = s.refine((v) => re.test(v), `must match ${p.pattern}`);
        }
        field = s;
      }
    }
    if (p.description || p.label) field = field.describe(p.label ?? p.description ?? p.name);
    if (p.default !== undefined) field = field.default(p.default as never);
    else if (!p.required) field = field.optional();
    shape[p.name] = field;
  }
  return z.strictObject(shape);
}

/** Replaces `{{name}}` in a template by the parameter's value; unknown names are left as an error. */
export function fillTemplate(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g, (whole, name: string) => {
    if (name === "container") return whole; // resolved by the URL helper, not a parameter
    if (!(name in params))
      throw new Error(`the declaration uses {{${name}}}, which is not a declared parameter`);
    const value = params[name];
    return value === undefined || value === null ? "" : String(value);
  });
}

interface JsonSchemaProp {
  type?: string | string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
  title?: string;
}

/** What a form needs to render the parameters of a kind's schema. */
export function describeParams(schema: z.ZodType): ParamView[] {
  type Json = { properties?: Record<string, JsonSchemaProp>; required?: string[] };
  const jsonOf = (io: "input" | "output"): Json | null => {
    try {
      return z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Json;
    } catch {
      return null;
    }
  };
  const json = jsonOf("input");
  if (!json) return [];
  // A preprocessed field (digit strings accepted for numbers) loses its type or default in the
  // input schema; the output schema still has them.
  const output = jsonOf("output");
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, input]) => {
    const prop = { ...output?.properties?.[name], ...input };
    const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
    const kind: ParamView["type"] = prop.enum
      ? "enum"
      : type === "integer" || type === "number"
        ? "integer"
        : type === "boolean"
          ? "boolean"
          : "string";
    return {
      name,
      label: prop.description ?? prop.title ?? name.replace(/_/g, " "),
      type: kind,
      required: required.has(name) && prop.default === undefined,
      values: prop.enum?.map(String),
      min: prop.minimum,
      max: prop.maximum,
      default: prop.default as ParamView["default"],
    };
  });
}
