import { describe, expect, it } from "vitest";
import { lineMatcher, MAX_FILTER_LENGTH, parseFilter, unsafeRegex } from "./log-filter";
import { createBatchFilter, FilterTooSlow } from "./log-filter-runner";

describe("parseFilter", () => {
  it("treats an empty query as no filter and plain text as a substring", () => {
    expect(parseFilter({ q: "" })).toEqual({ ok: true, filter: { kind: "none" } });
    expect(parseFilter({ q: "a(b" })).toEqual({
      ok: true,
      filter: { kind: "text", text: "a(b", caseSensitive: false },
    });
  });

  it("refuses invalid regular expressions with the reason", () => {
    const r = parseFilter({ q: "a(b", regex: true });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^not a valid regular expression: /);
  });

  it("refuses filters over the length limit", () => {
    expect(parseFilter({ q: "x".repeat(MAX_FILTER_LENGTH + 1) })).toMatchObject({ ok: false });
    expect(parseFilter({ q: "x".repeat(MAX_FILTER_LENGTH), regex: true })).toMatchObject({ ok: true });
  });

  it.each(["(a+)+$", "(\\w*)*x", "(x+y)+", "((a+)b)+", "(?:a|b+){2,}", "(.*a){20}", "(?<n>a+)*"])(
    "refuses nested repetition %s",
    (q) => expect(parseFilter({ q, regex: true })).toMatchObject({ ok: false, message: /nested repetition/ }),
  );

  it.each(["(a)\\1", "(?<x>a)\\k<x>"])("refuses backreferences %s", (q) =>
    expect(parseFilter({ q, regex: true })).toMatchObject({ ok: false, message: /backreferences/ }),
  );

  it.each([
    "error|warn",
    "^\\d{4}-\\d\\d",
    "(GET|POST) /api/\\S+ 5\\d\\d",
    "took \\d+ms",
    "(a+)?",
    "(ab){2}",
    "[(+)]+",
    "\\(a+\\)+",
    "user=(\\w+)",
  ])("accepts ordinary patterns %s", (q) => {
    expect(unsafeRegex(q)).toBeNull();
    expect(parseFilter({ q, regex: true }).ok).toBe(true);
  });
});

describe("lineMatcher", () => {
  it("matches text case-insensitively unless asked", () => {
    const ci = parseFilter({ q: "Error" });
    const cs = parseFilter({ q: "Error", caseSensitive: true });
    if (!ci.ok || !cs.ok) throw new Error("unexpected");
    expect(lineMatcher(ci.filter)("an ERROR here")).toBe(true);
    expect(lineMatcher(cs.filter)("an ERROR here")).toBe(false);
  });

  it("treats regex metacharacters in text mode literally", () => {
    const r = parseFilter({ q: "a.c" });
    if (!r.ok) throw new Error("unexpected");
    expect(lineMatcher(r.filter)("abc")).toBe(false);
    expect(lineMatcher(r.filter)("a.c")).toBe(true);
  });
});

describe("createBatchFilter (server)", () => {
  it("filters a batch with a regex", () => {
    const run = createBatchFilter({ kind: "regex", source: "^(GET|POST) .* 5\\d\\d$", caseSensitive: true });
    expect(run(["GET / 200", "POST /x 503", "get /y 500"])).toEqual([false, true, false]);
  });

  it("stops a pattern that backtracks catastrophically within its time budget", () => {
    // Alternation with overlap passes the static check but is exponential on a near match.
    const pattern = "^(a|aa)+$";
    expect(unsafeRegex(pattern)).toBeNull();
    const run = createBatchFilter({ kind: "regex", source: pattern, caseSensitive: true }, 30);
    const started = performance.now();
    expect(() => run(["a".repeat(60) + "b"])).toThrow(FilterTooSlow);
    expect(performance.now() - started).toBeLessThan(1000);
    // The filter stays usable for ordinary lines afterwards.
    expect(run(["aaaa"])).toEqual([true]);
  });
});
