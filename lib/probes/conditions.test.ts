import { describe, expect, it } from "vitest";
import { verdict } from "./verdict";
import {
  ConditionSyntaxError,
  evaluateConditions,
  evaluateThreshold,
  type Observation,
  parseCondition,
  validateCondition,
  validateThreshold,
} from "./conditions";

const health = {
  status: 200,
  latency: 42,
  body: '{"status":"healthy"}',
  headers: { "content-type": "application/json; charset=utf-8" },
  json: {
    status: "healthy",
    sqlite_enabled: true,
    model: "claude-haiku-4-5-20251001",
    error: null,
    version: "12",
    items: [{ id: 1 }, { id: 2 }],
    tags: ["a", "b"],
    circuit_breakers: { openai: { state: "closed" }, anthropic: { state: "closed" } },
  },
};

const passes = (condition: string, observed: Observation = health) =>
  evaluateConditions([condition], observed);

describe("parseCondition", () => {
  it("parses paths with fields, indexes, wildcards and quoted keys", () => {
    expect(parseCondition("json.items[0].id == 1").path).toEqual([
      { kind: "key", name: "json" },
      { kind: "key", name: "items" },
      { kind: "index", index: 0 },
      { kind: "key", name: "id" },
    ]);
    expect(parseCondition('json.a.*.b[*]["odd key"] exists').path.map((s) => s.kind)).toEqual([
      "key",
      "key",
      "wildcard",
      "key",
      "wildcard",
      "key",
    ]);
  });

  it("reads numbers, durations, strings with escapes, booleans and null", () => {
    expect(parseCondition("latency < 500ms").value).toBe(500);
    expect(parseCondition("latency<2s").value).toBe(2000);
    expect(parseCondition("latency <= 1m").value).toBe(60_000);
    expect(parseCondition("value > -1.5e2").value).toBe(-150);
    expect(parseCondition('body == "say \\"hi\\"\\n"').value).toBe('say "hi"\n');
    expect(parseCondition("json.ok == true").value).toBe(true);
    expect(parseCondition("json.ok != false").value).toBe(false);
    expect(parseCondition("json.error == null").value).toBeNull();
    expect(parseCondition("json.error exists").value).toBeUndefined();
  });

  it("keeps regex escapes in matches and validates the pattern", () => {
    expect(parseCondition('body matches "/^\\d+ ok$/i"').regex).toEqual(/^\d+ ok$/i);
    expect(validateCondition('body matches "/(unclosed/"')?.message).toMatch(/invalid regular expression/);
    expect(validateCondition('body matches "no slashes"')?.message).toMatch(/regular expression literal/);
    expect(validateCondition('body matches "/x/g"')?.message).toMatch(/flags "g"/);
  });

  it.each([
    ["", 1, /expected a subject/],
    ["status = 200", 8, /use "=="/],
    ["status is 200", 8, /expected an operator .*found "is"/],
    ["status ==", 10, /expected a value/],
    ['status == "200', 11, /unterminated string/],
    ['latency < "fast"', 11, /expected a number or duration/],
    ["latency < 5 parsecs", 13, /expected end of condition/],
    ["latency < 5x", 11, /expected a value/],
    ["json. == 1", 6, /expected a field name or \*/],
    ["json.items[x] == 1", 12, /expected an index/],
    ["json.items[0 == 1", 13, /expected "]"/],
    ["2xx == 1", 1, /expected a subject/],
  ])("rejects %j at column %i", (text, column, message) => {
    let error: unknown;
    try {
      parseCondition(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConditionSyntaxError);
    expect((error as ConditionSyntaxError).column).toBe(column);
    expect((error as ConditionSyntaxError).message).toMatch(message);
    expect(validateCondition(text)).toEqual({ column, message: (error as ConditionSyntaxError).reason });
  });

  it("validateCondition returns null for valid conditions", () => {
    expect(validateCondition('json.circuit_breakers.*.state == "closed"')).toBeNull();
  });
});

describe("evaluateConditions", () => {
  it.each([
    ["status == 200", true],
    ["status == 500", false],
    ['status == "200"', true],
    ["json.version == 12", true],
    ["json.version > 11", true],
    ["status != 500", true],
    ["status != 200", false],
    ["latency < 500ms", true],
    ["latency <= 42", true],
    ["latency > 42", false],
    ["latency >= 42", true],
    ['json.status == "healthy"', true],
    ['json.status == "degraded"', false],
    ["json.sqlite_enabled == true", true],
    ["json.error == null", true],
    ['body contains "healthy"', true],
    ['body !contains "error"', true],
    ['body !contains "healthy"', false],
    ['json.tags contains "b"', true],
    ['json.tags contains "z"', false],
    ['json.circuit_breakers contains "openai"', true],
    ['headers.content-type contains "json"', true],
    ['json.model matches "/^claude-/"', true],
    ['json.model matches "/^gpt-/"', false],
    ["json.status exists", true],
    ["json.error exists", false],
    ["json.missing exists", false],
    ["json.items[1].id == 2", true],
    ["json.items[5].id == 2", false],
    ['json.circuit_breakers.*.state == "closed"', true],
    ["json.items[*].id > 0", true],
    ["json.items.*.id exists", true],
  ])("%s -> %s", (condition, ok) => {
    expect(passes(condition).ok).toBe(ok);
  });

  it("reports the first failing condition and a short rendering of what was observed", () => {
    expect(evaluateConditions(["status == 200", "latency < 10"], health)).toEqual({
      ok: false,
      failed: "latency < 10",
      actual: "42",
      subject: "latency",
      value: 42,
    });
    expect(passes('json.status == "degraded"')).toMatchObject({ actual: '"healthy"' });
    expect(passes("json.nope == 1")).toMatchObject({ actual: "missing" });
    const long = passes('body == "x"', { body: "y".repeat(5000) });
    expect(long.ok || long.actual.length).toBeLessThanOrEqual(200);
  });

  it("requires every element to match a wildcard and names the one that did not", () => {
    const tripped = {
      json: { circuit_breakers: { openai: { state: "closed" }, anthropic: { state: "open" } } },
    };
    expect(passes('json.circuit_breakers.*.state == "closed"', tripped)).toEqual({
      ok: false,
      failed: 'json.circuit_breakers.*.state == "closed"',
      actual: 'json.circuit_breakers.anthropic.state = "open"',
      subject: "json",
      value: "open",
    });
    const result = passes('json.circuit_breakers.*.state == "closed"', { json: { circuit_breakers: {} } });
    expect(result).toMatchObject({
      ok: false,
      actual: expect.stringMatching(/no values matched json\.circuit_breakers\.\*/),
    });
  });

  it("does not compare non-numeric values numerically", () => {
    expect(passes("json.status > 1").ok).toBe(false);
    expect(passes("json.items < 5").ok).toBe(false);
    expect(passes("json.empty == 0", { json: { empty: "" } }).ok).toBe(false);
  });

  it("only runs matches over the first 64KB of a subject", () => {
    const body = "a".repeat(70 * 1024) + "NEEDLE";
    expect(passes('body matches "/NEEDLE/"', { body }).ok).toBe(false);
    expect(passes('body contains "NEEDLE"', { body }).ok).toBe(true);
  });

  it("fails instead of throwing on an invalid condition", () => {
    expect(evaluateConditions(["status = 200"], health)).toMatchObject({
      ok: false,
      actual: expect.stringMatching(/invalid condition: .*column 8/),
    });
  });

  it("passes with no conditions", () => {
    expect(evaluateConditions([], {})).toEqual({ ok: true });
  });
});

describe("thresholds", () => {
  it("evaluates comparisons against a value", () => {
    expect(evaluateThreshold("> 100", 150)).toBe(true);
    expect(evaluateThreshold("> 100", 100)).toBe(false);
    expect(evaluateThreshold(">= 0.9", 0.9)).toBe(true);
    expect(evaluateThreshold("< 1", 0.5)).toBe(true);
    expect(evaluateThreshold("> 2s", 2500)).toBe(true);
  });

  it("rejects malformed thresholds with a column relative to the threshold text", () => {
    expect(validateThreshold("> 50")).toBeNull();
    expect(validateThreshold("> fifty")).toMatchObject({ column: 3 });
    expect(validateThreshold('contains "x"')).toMatchObject({ column: 1 });
    expect(() => evaluateThreshold("big", 1)).toThrow(ConditionSyntaxError);
  });
});

describe("a failing check's reason and detail", () => {
  const check = { id: "page", kind: "http", url: "http://x/", expect: ['body contains "all good"'] } as const;

  it("quotes at most 60 printable characters of a body; the whole body is the detail", () => {
    // A line break and a tab inside the first 60 characters; a secret just past them, well
    // within the 200 characters a condition's rendering keeps.
    const body = `<html>\n<body>\tService Unavailable, retry later ${"x".repeat(10)} Bearer s3cret-token</body>`;
    expect(body.indexOf("s3cret")).toBeGreaterThan(60);
    expect(body.indexOf("s3cret")).toBeLessThan(200);
    const result = verdict(check as never, {
      latencyMs: 5,
      summary: "HTTP 200 in 5ms",
      observation: { status: 200, body },
    });
    expect(result.status).toBe("down");
    const quote = JSON.parse(/got (".*")\)$/.exec(result.message)![1]) as string;
    expect(quote.length).toBeLessThanOrEqual(60);
    expect(quote.startsWith("<html> <body> Service Unavailable")).toBe(true);
    expect(result.message).not.toMatch(/[\n\t]|\\n|\\t|s3cret/);
    expect(result.detail).toBe(body);
  });

  it("keeps a JSON field's or a status's value whole, with no detail", () => {
    const result = verdict({ ...check, expect: ["status == 200"] } as never, {
      latencyMs: 5,
      summary: "HTTP 503 in 5ms",
      observation: { status: 503, body: "down" },
    });
    expect(result.message).toBe("HTTP 503 in 5ms (expected status == 200, got 503)");
    expect(result).not.toHaveProperty("detail");
  });
});
