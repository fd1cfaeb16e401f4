import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { checkSemantics } from "./config-semantics";
import { interpolateEnv } from "./config-env";
import { ErrorSink, type ConfigError } from "./config-error";
import { reportIssues } from "./config-issues";
import { configSchema, type OpsdeckConfig } from "./schemas";

export { formatConfigError, type ConfigError } from "./config-error";

/** Warnings do not stop a config from loading; `npm run validate` prints them. */
export type ConfigResult =
  | { ok: true; config: OpsdeckConfig; warnings: ConfigError[] }
  | { ok: false; errors: ConfigError[]; warnings: ConfigError[] };

/** Deeper than this is not a config anyone writes, and would exhaust the parser's stack. */
const MAX_DEPTH = 64;

/** A YAML file read into a zod model: the model, or every error with its position. */
export type ModelResult<T> =
  | { ok: true; value: T; warnings: ConfigError[] }
  | { ok: false; errors: ConfigError[]; warnings: ConfigError[] };

/**
 * Parses opsdeck.yml text: YAML syntax, `${VAR}` interpolation from `env`, the zod model, then
 * references, condition syntax and cycles. Every error carries file, line and column.
 */
export function parseConfig(
  text: string,
  file: string,
  env: Record<string, string | undefined> = {},
): ConfigResult {
  const result = parseYamlModel(text, file, env, configSchema, checkSemantics);
  return result.ok ? { ok: true, config: result.value, warnings: result.warnings } : result;
}

/**
 * Any of Opsdeck's YAML files (opsdeck.yml, playbooks/*.yml): YAML syntax with the same limits
 * (depth, aliases, unknown tags), `${VAR}` interpolation from `env`, the zod `schema` (unknown keys
 * with a "did you mean"), then the file's own `semantics`. Every error carries file, line and column.
 */
export function parseYamlModel<S extends z.ZodType>(
  text: string,
  file: string,
  env: Record<string, string | undefined>,
  schema: S,
  semantics: (value: z.output<S>, sink: ErrorSink) => void,
): ModelResult<z.output<S>> {
  const lines = new LineCounter();
  const tooDeep = deepestLine(text);
  if (tooDeep)
    return {
      ok: false,
      errors: [
        { file, line: tooDeep, column: 1, path: "", message: `nested more than ${MAX_DEPTH} levels deep` },
      ],
      warnings: [],
    };
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const sink = new ErrorSink(file, doc, lines);
  const fail = () => ({ ok: false as const, errors: sorted(sink.errors), warnings: sorted(sink.warnings) });
  for (const error of doc.errors) sink.atOffset(error.pos[0], [], yamlMessage(error.message));
  for (const warning of doc.warnings) {
    // An unknown tag would otherwise load as a plain string, silently.
    if (warning.code === "TAG_RESOLVE_FAILED")
      sink.atOffset(
        warning.pos[0],
        [],
        `unknown YAML tag ${text.slice(warning.pos[0], warning.pos[1])}: Opsdeck reads plain YAML (use \${VAR} for secrets)`,
      );
  }
  if (sink.errors.length > 0) return fail();
  interpolateEnv(doc, text, env, sink);
  let data: unknown;
  try {
    // An empty file parses to null; report it as a missing `version` rather than "expected object".
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    const alias = firstAlias(text);
    sink.atOffset(
      alias,
      [],
      error instanceof ReferenceError
        ? "too many aliases (*name) expand from here: a file that grows this much when read is refused"
        : `cannot read the document: ${(error as Error).message}`,
    );
    return fail();
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    reportIssues(schema, parsed.error.issues, data, sink);
    return fail();
  }
  semantics(parsed.data, sink);
  if (sink.errors.length > 0) return fail();
  return { ok: true, value: parsed.data, warnings: sorted(sink.warnings) };
}

/** The first line nested deeper than MAX_DEPTH (flow brackets or block indentation), if any. */
function deepestLine(text: string): number | null {
  let depth = 0;
  let line = 1;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      line++;
      const indent = /^ */.exec(text.slice(i + 1, i + 1 + 4 * MAX_DEPTH + 8))![0].length;
      if (indent > 2 * MAX_DEPTH) return line;
      continue;
    }
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "#") while (i + 1 < text.length && text[i + 1] !== "\n") i++;
    else if (c === "[" || c === "{") {
      if (++depth > MAX_DEPTH) return line;
    } else if ((c === "]" || c === "}") && depth > 0) depth--;
  }
  return null;
}

function firstAlias(text: string): number {
  const match = /(^|[\s,[{:-])\*[A-Za-z0-9_-]/m.exec(text);
  return match ? match.index + match[1].length : 0;
}

/** Reads and parses a config file; a missing or unreadable file is an error that says so. */
export async function loadConfigFile(
  path: string,
  env: Record<string, string | undefined> = {},
): Promise<ConfigResult> {
  return readYamlFile(path, "config", (text) => parseConfig(text, path, env));
}

/** Reads `path` and hands its text to `parse`; a missing or unreadable file is an error naming what it is. */
export async function readYamlFile<R>(
  path: string,
  what: string,
  parse: (text: string) => R,
): Promise<R | { ok: false; errors: ConfigError[]; warnings: ConfigError[] }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === "ENOENT" ? `${what} file not found` : `cannot read ${what} file (${code ?? String(error)})`;
    return { ok: false, errors: [{ file: path, line: 0, column: 0, path: "", message }], warnings: [] };
  }
  return parse(text);
}

/** yaml's messages end with "at line X, column Y"; the position is already in the error. */
function yamlMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "").trim();
}

function sorted(errors: ConfigError[]): ConfigError[] {
  return [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
}
