import { parseDuration } from "@/lib/catalog/duration";

/**
 * Parser for the check condition grammar (see docs/conditions.md):
 *   <path> <op> <value>   |   <path> exists
 * Pure and client-safe, so the config editor can validate as the user types.
 */

export type PathSegment =
  { kind: "key"; name: string } | { kind: "index"; index: number } | { kind: "wildcard" };
export type ComparisonOp = "==" | "!=" | "<" | "<=" | ">" | ">=";
export type ConditionOp = ComparisonOp | "contains" | "!contains" | "matches" | "exists";
export type ConditionValue = number | string | boolean | null;

export interface Condition {
  text: string;
  path: PathSegment[];
  op: ConditionOp;
  /** Absent only for `exists`. */
  value?: ConditionValue;
  /** Compiled for `matches`. */
  regex?: RegExp;
}

export class ConditionSyntaxError extends Error {
  /** 1-based column in the condition text. */
  readonly column: number;
  /** The message without the column, for callers that render positions themselves. */
  readonly reason: string;
  constructor(reason: string, column: number) {
    super(`${reason} (column ${column})`);
    this.name = "ConditionSyntaxError";
    this.column = column;
    this.reason = reason;
  }
}

export const OPERATORS_HINT = "==, !=, <, <=, >, >=, contains, !contains, matches or exists";
const IDENT = /[A-Za-z_$][\w$-]*/y;
const NUMBER_OR_DURATION = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(ms|s|m|h|d)?/y;
const SYMBOL_OPS: ComparisonOp[] = ["==", "!=", "<=", ">=", "<", ">"];
const REGEX_FLAGS = /^[imsu]*$/;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  skipSpace() {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }
  sticky(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.pos;
    const match = re.exec(this.text);
    if (match) this.pos += match[0].length;
    return match;
  }
  fail(reason: string, at = this.pos): never {
    throw new ConditionSyntaxError(reason, at + 1);
  }
  /** What sits at the cursor, quoted for messages. */
  found(): string {
    if (this.pos >= this.text.length) return "end of condition";
    return `"${this.text.slice(this.pos, this.pos + 12)}"`;
  }
}

function parsePath(c: Cursor): PathSegment[] {
  const first = c.sticky(IDENT);
  if (!first) c.fail(`expected a subject such as status, latency, json.<field> or body, found ${c.found()}`);
  const path: PathSegment[] = [{ kind: "key", name: first[0] }];
  for (;;) {
    const ch = c.text[c.pos];
    if (ch === ".") {
      c.pos++;
      if (c.text[c.pos] === "*") {
        c.pos++;
        path.push({ kind: "wildcard" });
        continue;
      }
      const ident = c.sticky(IDENT);
      if (!ident) c.fail(`expected a field name or * after ".", found ${c.found()}`);
      path.push({ kind: "key", name: ident[0] });
    } else if (ch === "[") {
      c.pos++;
      path.push(parseBracket(c));
    } else {
      return path;
    }
  }
}

function parseBracket(c: Cursor): PathSegment {
  let segment: PathSegment;
  if (c.text[c.pos] === "*") {
    c.pos++;
    segment = { kind: "wildcard" };
  } else if (c.text[c.pos] === '"') {
    segment = { kind: "key", name: decodeString(readString(c), false) };
  } else {
    const digits = c.sticky(/\d+/y);
    if (!digits) c.fail(`expected an index, * or "key" inside [ ], found ${c.found()}`);
    segment = { kind: "index", index: Number(digits[0]) };
  }
  if (c.text[c.pos] !== "]") c.fail(`expected "]", found ${c.found()}`);
  c.pos++;
  return segment;
}

function parseOp(c: Cursor): ConditionOp {
  const start = c.pos;
  const word = c.sticky(/!?[a-z]+/y);
  if (word) {
    if (["contains", "!contains", "matches", "exists"].includes(word[0])) return word[0] as ConditionOp;
    c.fail(`expected an operator (${OPERATORS_HINT}), found "${word[0]}"`, start);
  }
  for (const op of SYMBOL_OPS) {
    if (c.text.startsWith(op, c.pos)) {
      c.pos += op.length;
      return op;
    }
  }
  if (c.text[c.pos] === "=") c.fail(`expected an operator (${OPERATORS_HINT}); use "==" to compare`);
  return c.fail(`expected an operator (${OPERATORS_HINT}), found ${c.found()}`);
}

/** Returns the raw text between the quotes; escapes are decoded by the caller. */
function readString(c: Cursor): string {
  const start = c.pos;
  c.pos++;
  while (c.pos < c.text.length && c.text[c.pos] !== '"') c.pos += c.text[c.pos] === "\\" ? 2 : 1;
  if (c.pos >= c.text.length) c.fail('unterminated string: expected a closing "', start);
  c.pos++;
  return c.text.slice(start + 1, c.pos - 1);
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", n: "\n", t: "\t", r: "\r" };

/** Regex bodies keep their backslashes (`\d` stays `\d`); only `\"` is unescaped there. */
function decodeString(raw: string, forRegex: boolean): string {
  return raw.replace(/\\(.)/g, (whole, ch: string) => {
    if (forRegex) return ch === '"' ? '"' : whole;
    return ESCAPES[ch] ?? whole;
  });
}

function parseValue(c: Cursor, op: ConditionOp): Pick<Condition, "value" | "regex"> {
  const start = c.pos;
  if (c.text[c.pos] === '"') {
    const raw = readString(c);
    if (op === "matches") return { value: raw, regex: compileRegex(c, decodeString(raw, true), start) };
    if (["<", "<=", ">", ">="].includes(op))
      c.fail(`expected a number or duration after "${op}", found a string`, start);
    return { value: decodeString(raw, false) };
  }
  if (op === "matches") c.fail('expected a regular expression in quotes, such as "/^ok$/i"');
  const num = c.sticky(NUMBER_OR_DURATION);
  if (num && !/[\w.]/.test(c.text[c.pos] ?? "")) {
    if (!num[1]) return { value: Number(num[0]) };
    const ms = parseDuration(num[0].replace(/^-/, ""));
    if (ms === null || num[0].startsWith("-"))
      c.fail(`expected a positive duration, found "${num[0]}"`, start);
    return { value: ms };
  }
  c.pos = start;
  const word = c.sticky(/[A-Za-z_][\w.]*/y);
  if (word && ["true", "false", "null"].includes(word[0])) {
    if (["<", "<=", ">", ">="].includes(op)) c.fail(`expected a number or duration after "${op}"`, start);
    return { value: word[0] === "null" ? null : word[0] === "true" };
  }
  c.pos = start;
  return c.fail(
    `expected a value (a number, a duration such as 500ms, a "string", true, false or null), found ${c.found()}`,
  );
}

function compileRegex(c: Cursor, literal: string, at: number): RegExp {
  const match = /^\/(.*)\/([a-z]*)$/s.exec(literal);
  if (!match) c.fail('expected a regular expression literal such as "/^ok$/i"', at);
  if (!REGEX_FLAGS.test(match[2]))
    c.fail(`unsupported regular expression flags "${match[2]}" (allowed: i, m, s, u)`, at);
  try {
    return new RegExp(match[1], match[2]);
  } catch (error) {
    return c.fail(`invalid regular expression: ${(error as Error).message}`, at);
  }
}

export function parseCondition(text: string): Condition {
  const c = new Cursor(text);
  c.skipSpace();
  const path = parsePath(c);
  c.skipSpace();
  const op = parseOp(c);
  c.skipSpace();
  const parsed: Condition = { text, path, op };
  if (op !== "exists") Object.assign(parsed, parseValue(c, op));
  c.skipSpace();
  if (c.pos < text.length) c.fail(`expected end of condition, found ${c.found()}`);
  return parsed;
}

/** A threshold such as "> 50" or ">= 500ms": a comparison with the subject left implicit. */
export function parseThreshold(text: string): { op: ComparisonOp; value: number } {
  const prefix = "value ";
  let parsed: Condition;
  try {
    parsed = parseCondition(prefix + text);
  } catch (error) {
    if (!(error instanceof ConditionSyntaxError)) throw error;
    throw new ConditionSyntaxError(error.reason, Math.max(1, error.column - prefix.length));
  }
  if (!SYMBOL_OPS.includes(parsed.op as ComparisonOp) || typeof parsed.value !== "number") {
    throw new ConditionSyntaxError('expected a comparison and a number, such as "> 50" or ">= 500ms"', 1);
  }
  return { op: parsed.op as ComparisonOp, value: parsed.value };
}
