import { describe, expect, it } from "vitest";
import { formatConfigError, parseConfig, type ConfigError } from "./load-config";

/** What a config that loads silently today would have done wrong, refused or warned at load. */

const lines = (...l: string[]) => `${l.join("\n")}\n`;

function errors(text: string): string[] {
  const result = parseConfig(text, "opsdeck.yml", {});
  if (result.ok) throw new Error("expected the config to be rejected");
  return result.errors.map(formatConfigError);
}

function warnings(text: string): string[] {
  const result = parseConfig(text, "opsdeck.yml", {});
  if (!result.ok)
    throw new Error(`expected the config to load: ${result.errors.map(formatConfigError).join("; ")}`);
  return result.warnings.map((w: ConfigError) => formatConfigError(w));
}

const httpCheck = (...extra: string[]) =>
  lines(
    "version: 1",
    "services:",
    "  - id: web",
    "    checks:",
    "      - id: health",
    "        kind: http",
    "        url: http://web/health",
    ...extra,
  );

const withAction = (...action: string[]) =>
  lines("version: 1", "services:", "  - id: api", "    actions:", ...action.map((l) => `      ${l}`));

describe("checks", () => {
  it("refuses a condition on a field the check does not observe, with a did-you-mean", () => {
    expect(errors(httpCheck("        expect: [stauts == 200]"))).toEqual([
      'opsdeck.yml:8:18: services[0].checks[0].expect[0]: invalid condition: a http check has no field "stauts" (did you mean `status`?) (fields: status, latency, body, json, headers)',
    ]);
    expect(errors(httpCheck("        expect: [exit_code == 0]"))[0]).toMatch(/has no field "exit_code"/);
  });

  it.each([
    ["0s", "expected a duration above zero"],
    ["1ms", "expected an interval of at least 1s, got 1ms"],
    ["500ms", "expected an interval of at least 1s, got 500ms"],
    ["99999999999999999999d", "expected a duration of at most 3650d"],
    ["-5", "expected a duration above zero"],
  ])("refuses an interval of %s at its line", (value, message) => {
    const found = errors(httpCheck(`        interval: ${value}`));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^opsdeck\.yml:8:\d+: services\[0\]\.checks\[0\]\.interval: /);
    expect(found[0]).toContain(message);
  });

  it("warns when a timeout is longer than its interval, and loads", () => {
    expect(warnings(httpCheck("        interval: 5s", "        timeout: 10s"))).toEqual([
      "opsdeck.yml:9:18: services[0].checks[0].timeout: the timeout (10000ms) is longer than the interval (5000ms); it is cut to the interval",
    ]);
  });
});

describe("YAML that would load silently or blow up", () => {
  it("refuses an unknown tag instead of reading it as a string", () => {
    expect(errors(lines("version: 1", "services:", "  - id: web", "    owner: !secret team"))).toEqual([
      "opsdeck.yml:4:12: unknown YAML tag !secret: Opsdeck reads plain YAML (use ${VAR} for secrets)",
    ]);
  });

  it("refuses an alias bomb with the line of the first alias, not a ReferenceError", () => {
    const bomb = lines(
      "version: 1",
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
    );
    const found = errors(bomb);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^opsdeck\.yml:3:8: too many aliases/);
  });

  it("refuses very deep nesting with its line, not a stack overflow", () => {
    const deep = `version: 1\nservices: []\nx: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`;
    expect(errors(deep)).toEqual(["opsdeck.yml:3:1: nested more than 64 levels deep"]);
  });

  it("refuses control characters in names", () => {
    const found = errors(lines("version: 1", "services:", "  - id: web", '    name: "Web\\0front"'));
    expect(found[0]).toMatch(/^opsdeck\.yml:4:11: services\[0\]\.name: control characters/);
  });
});

describe("actions", () => {
  it("refuses a {{placeholder}} that names no declared parameter, at its place", () => {
    const found = errors(
      withAction(
        "- id: flush",
        "  kind: exec",
        "  command: [redis-cli, DEL, '{{queue}}']",
        "  params: [{ name: queue_name }]",
      ),
    );
    expect(found).toEqual([
      "opsdeck.yml:7:35: services[0].actions[0].command[2]: {{queue}} is not a declared parameter of this action (declare it under params)",
    ]);
  });

  it("warns about a parameter nothing uses", () => {
    const found = warnings(
      withAction("- id: ping", "  kind: exec", "  command: [redis-cli, PING]", "  params: [{ name: key }]"),
    );
    expect(found).toEqual([
      "opsdeck.yml:8:26: services[0].actions[0].params[0].name: parameter key is declared but nothing uses it",
    ]);
  });

  it("refuses duplicate action ids, a restore from nothing, $n past the parameters and bad expect fields", () => {
    const found = errors(
      withAction(
        "- { id: dump, kind: postgres.backup, url: 'postgres://db/app', destination: { folder: /backups } }",
        "- { id: dump, kind: postgres.backup, url: 'postgres://db/app', destination: { folder: /backups } }",
        "- { id: restore, kind: postgres.restore, url: 'postgres://db/app', from: dumps }",
        "- { id: q, kind: postgres.query, url: 'postgres://db/app', query: 'select $1, $2', params: [{ name: a }] }",
        "- { id: smoke, kind: http, url: 'http://api/health', expect: ['stauts == 200'] }",
      ),
    );
    expect(found.map((e) => e.replace(/^opsdeck\.yml:\d+:\d+: /, ""))).toEqual([
      'services[0].actions[1].id: duplicate action id "dump" (already used by actions[0])',
      'services[0].actions[2].from: "dumps" is not a postgres.backup action of this service (did you mean `dump`?)',
      "services[0].actions[3].query: the query uses $2 but the action declares 1 parameter ($1..$n bind them in order)",
      'services[0].actions[4].expect[0]: invalid condition: an HTTP action has no field "stauts" (did you mean `status`?) (fields: status, latency, body, json, headers)',
    ]);
  });

  it("refuses __proto__ and other non-lowercase parameter names", () => {
    const found = errors(
      withAction(
        "- id: x",
        "  kind: exec",
        "  command: ['{{__proto__}}']",
        "  params: [{ name: __proto__ }]",
      ),
    );
    expect(found.some((e) => e.includes("params[0].name: expected a lowercase name like task_id"))).toBe(
      true,
    );
  });
});
