import type { Document } from "yaml";
import { isMap, isPair, isScalar, isSeq, Scalar } from "yaml";
import type { ErrorSink } from "./config-error";

const TOKEN = /\$\$\{|\$\{([^}]*)\}/g;

/**
 * The console's own settings and secrets: config may not read them (a `${NEXTAUTH_SECRET}` in a
 * header would hand the session key to whatever the check calls). Everything else may be read.
 */
export const CONSOLE_OWN_VARIABLES = /^(OPSDECK_|NEXTAUTH_)|^(DATABASE_URL|DATABASE_ADMIN_URL|REDIS_URL)$/;

/** The environment config may interpolate: everything but the console's own variables. */
export function configVisibleEnv(
  source: Record<string, string | undefined>,
): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(source).filter(([name]) => !CONSOLE_OWN_VARIABLES.test(name)));
}
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `NAME` or `NAME:-default` inside `${...}`, as in Compose and the shell. */
const REFERENCE = /^([^:]*)(?::-(.*))?$/s;

/**
 * Replaces `${VAR}` in every string value of the document from `env`, in place; `${VAR:-text}`
 * falls back to `text` when VAR is unset or empty (an endpoint a team may point at a proxy or a
 * replica); `$${` stays a literal `${`. Keys are never interpolated. Unset or malformed names are
 * reported at the token.
 */
export function interpolateEnv(
  doc: Document.Parsed,
  source: string,
  env: Record<string, string | undefined>,
  sink: ErrorSink,
): void {
  visitNode(doc.contents, [], source, env, sink);
}

function visitNode(
  node: unknown,
  path: PropertyKey[],
  source: string,
  env: Record<string, string | undefined>,
  sink: ErrorSink,
): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isPair(pair) && isScalar(pair.key))
        visitNode(pair.value, [...path, String(pair.key.value)], source, env, sink);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => visitNode(item, [...path, index], source, env, sink));
  } else if (isScalar(node) && typeof node.value === "string" && node.value.includes("$")) {
    interpolateScalar(node, path, source, env, sink);
  }
}

function interpolateScalar(
  node: Scalar,
  path: PropertyKey[],
  source: string,
  env: Record<string, string | undefined>,
  sink: ErrorSink,
): void {
  const start = node.range?.[0] ?? 0;
  const raw = source.slice(start, node.range?.[1] ?? start);
  const text = node.value as string;
  const value = text.replace(TOKEN, (token: string, reference: string | undefined) => {
    if (reference === undefined) return "${";
    const [, name, fallback] = REFERENCE.exec(reference) as unknown as [string, string, string | undefined];
    // Position of the token in the source; falls back to the scalar's start for escaped strings.
    const at = raw.indexOf(token);
    const offset = start + (at >= 0 ? at : 0);
    if (!NAME.test(name)) {
      sink.atOffset(offset, path, `invalid variable name in \`${token}\` (expected letters, digits and '_')`);
      return token;
    }
    if (CONSOLE_OWN_VARIABLES.test(name)) {
      sink.atOffset(offset, path, `${token} is one of the console's own settings; config may not read it`);
      return token;
    }
    const set = env[name];
    // The fallback is the config's own text, not a secret: it is not masked in messages.
    if ((set === undefined || set === "") && fallback !== undefined) return fallback;
    const replacement = set;
    if (replacement === undefined) {
      sink.atOffset(offset, path, `environment variable ${name} is not set`);
      return token;
    }
    sink.substituted(replacement, name);
    return replacement;
  });
  // A plain `port: ${PORT}` should still validate as a number or boolean.
  if (node.type === Scalar.PLAIN && /^\$\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}$/.test(text)) {
    if (/^-?\d+(\.\d+)?$/.test(value)) return void (node.value = Number(value));
    if (value === "true" || value === "false") return void (node.value = value === "true");
  }
  node.value = value;
}
