import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument } from "yaml";
import { checkSemantics } from "./config-semantics";
import { interpolateEnv } from "./config-env";
import { ErrorSink, type ConfigError } from "./config-error";
import { reportIssues } from "./config-issues";
import { configSchema, type OpsdeckConfig } from "./schemas";

export { formatConfigError, type ConfigError } from "./config-error";

export type ConfigResult = { ok: true; config: OpsdeckConfig } | { ok: false; errors: ConfigError[] };

/**
 * Parses opsdeck.yml text: YAML syntax, `${VAR}` interpolation from `env`, the zod model, then
 * references, condition syntax and cycles. Every error carries file, line and column.
 */
export function parseConfig(
  text: string,
  file: string,
  env: Record<string, string | undefined> = {},
): ConfigResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const sink = new ErrorSink(file, doc, lines);
  if (doc.errors.length > 0) {
    for (const error of doc.errors) sink.atOffset(error.pos[0], [], yamlMessage(error.message));
    return { ok: false, errors: sorted(sink.errors) };
  }
  interpolateEnv(doc, text, env, sink);
  // An empty file parses to null; report it as a missing `version` rather than "expected object".
  const data: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    reportIssues(configSchema, parsed.error.issues, data, sink);
    return { ok: false, errors: sorted(sink.errors) };
  }
  checkSemantics(parsed.data, sink);
  if (sink.errors.length > 0) return { ok: false, errors: sorted(sink.errors) };
  return { ok: true, config: parsed.data };
}

/** Reads and parses a config file; a missing or unreadable file is an error that says so. */
export async function loadConfigFile(
  path: string,
  env: Record<string, string | undefined> = {},
): Promise<ConfigResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === "ENOENT" ? "config file not found" : `cannot read config file (${code ?? String(error)})`;
    return { ok: false, errors: [{ file: path, line: 0, column: 0, path: "", message }] };
  }
  return parseConfig(text, path, env);
}

/** yaml's messages end with "at line X, column Y"; the position is already in the error. */
function yamlMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "").trim();
}

function sorted(errors: ConfigError[]): ConfigError[] {
  return [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
}
