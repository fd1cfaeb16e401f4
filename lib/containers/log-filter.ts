/**
 * The log filter people type: plain text (substring) or a regular expression. Validated the
 * same way in the browser (instant feedback) and on the server (the filter runs there, on
 * hostile log lines). A regex is refused when it is long, uses backreferences or nests
 * unbounded quantifiers, the usual shapes of catastrophic backtracking; what slips through is
 * stopped by the server's time budget (log-filter-runner.ts). Client-safe and pure.
 */

export const MAX_FILTER_LENGTH = 200;

export type LogFilter =
  | { kind: "none" }
  | { kind: "text"; text: string; caseSensitive: boolean }
  | { kind: "regex"; source: string; caseSensitive: boolean };

export type FilterResult = { ok: true; filter: LogFilter } | { ok: false; message: string };

export function parseFilter(input: {
  q?: string | null;
  regex?: boolean;
  caseSensitive?: boolean;
}): FilterResult {
  const q = input.q ?? "";
  const caseSensitive = input.caseSensitive ?? false;
  if (q === "") return { ok: true, filter: { kind: "none" } };
  if (q.length > MAX_FILTER_LENGTH)
    return { ok: false, message: `the filter is longer than ${MAX_FILTER_LENGTH} characters` };
  if (!input.regex) return { ok: true, filter: { kind: "text", text: q, caseSensitive } };
  const unsafe = unsafeRegex(q);
  if (unsafe) return { ok: false, message: unsafe };
  try {
    new RegExp(q, caseSensitive ? "" : "i");
  } catch (error) {
    return { ok: false, message: `not a valid regular expression: ${(error as Error).message}` };
  }
  return { ok: true, filter: { kind: "regex", source: q, caseSensitive } };
}

/** A predicate for one (ANSI-stripped) line. */
export function lineMatcher(filter: LogFilter): (line: string) => boolean {
  if (filter.kind === "none") return () => true;
  if (filter.kind === "text") {
    if (filter.caseSensitive) return (line) => line.includes(filter.text);
    const needle = filter.text.toLowerCase();
    return (line) => line.toLowerCase().includes(needle);
  }
  const re = new RegExp(filter.source, filter.caseSensitive ? "" : "i");
  return (line) => re.test(line);
}

/**
 * Why a pattern is refused, or null. Scans the pattern once: escapes, character classes and
 * groups, remembering per group whether it holds an unbounded quantifier; such a group that is
 * itself repeated (`(a+)+`, `(\w*)*`, `(x+y)+`) can take exponential time on a near match.
 */
export function unsafeRegex(source: string): string | null {
  const stack: { unbounded: boolean }[] = [{ unbounded: false }];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === "(") {
      stack.push({ unbounded: false });
      i += /^\((\?(<[=!]|<[^>]*>|[:=!]))?/.exec(source.slice(i))![0].length;
      continue;
    }
    let atomEnd = i + 1;
    let group: { unbounded: boolean } | undefined;
    if (c === "\\") {
      const next = source[i + 1] ?? "";
      if (/[1-9]/.test(next) || next === "k")
        return "backreferences are not allowed in log filters (they can make matching very slow)";
      atomEnd = i + 2;
    } else if (c === "[") {
      atomEnd = endOfClass(source, i);
    } else if (c === ")" && stack.length > 1) {
      group = stack.pop()!;
      // A repeated inner part makes the enclosing group unbounded too: ((a+)b)+ nests as well.
      if (group.unbounded) stack[stack.length - 1].unbounded = true;
    }
    const q = quantifierAt(source, atomEnd);
    if (q?.repeats && group?.unbounded)
      return "nested repetition like (a+)+ is not allowed in log filters (it can make matching very slow)";
    if (q?.unbounded) stack[stack.length - 1].unbounded = true;
    i = atomEnd + (q?.length ?? 0);
  }
  return null;
}

function endOfClass(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === "^") i++;
  if (source[i] === "]") i++;
  while (i < source.length && source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
  return i + 1;
}

/** `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` at `at` (with an optional lazy `?`). */
function quantifierAt(
  source: string,
  at: number,
): { length: number; unbounded: boolean; repeats: boolean } | null {
  const c = source[at];
  let length = 0;
  let unbounded = false;
  let repeats = false;
  if (c === "*" || c === "+") [length, unbounded, repeats] = [1, true, true];
  else if (c === "?") [length, unbounded, repeats] = [1, false, false];
  else if (c === "{") {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
    if (!m) return null;
    length = m[0].length;
    unbounded = m[2] !== undefined && m[3] === "";
    repeats = unbounded || Number(m[3] ?? m[1]) > 1;
  } else return null;
  if (source[at + length] === "?") length++;
  return { length, unbounded, repeats };
}
