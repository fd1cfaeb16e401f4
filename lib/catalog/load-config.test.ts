import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatConfigError, loadConfigFile, parseConfig, type ConfigError } from "./load-config";

const root = path.resolve(__dirname, "../..");
/** Any ${VAR} the examples use resolves to a dummy value. */
const dummyEnv = new Proxy({} as Record<string, string>, { get: (_t, name) => `dummy-${String(name)}` });

function errorsOf(text: string, env: Record<string, string | undefined> = {}): ConfigError[] {
  const result = parseConfig(text, "opsdeck.yml", env);
  if (result.ok) throw new Error("expected the config to be rejected");
  return result.errors;
}

const lines = (...l: string[]) => `${l.join("\n")}\n`;

describe("parseConfig errors point at file, line and column", () => {
  it("reports YAML syntax errors with their position", () => {
    const [first] = errorsOf(lines("version: 1", "services:", "  - id: a", "    tags: [x, y", "  - id: b"));
    expect(first).toMatchObject({ file: "opsdeck.yml", line: 5 });
    expect(first.message).toMatch(/flow sequence|indent/i);
  });

  it("reports an unknown key at the key itself, with a did-you-mean hint", () => {
    const errors = errorsOf(lines("version: 1", "services:", "  - id: a", "    chekcs: []"));
    expect(errors).toHaveLength(1);
    expect(formatConfigError(errors[0])).toBe(
      "opsdeck.yml:4:5: services[0].chekcs: unknown key `chekcs` (did you mean `checks`?)",
    );
  });

  it("lists the allowed keys when nothing is close, using the check kind's own keys", () => {
    const errors = errorsOf(
      lines(
        "version: 1",
        "services:",
        "  - id: a",
        "    checks:",
        "      - { id: c, kind: tcp, host: h, port: 1, zzz: 1 }",
      ),
    );
    expect(errors[0]).toMatchObject({ line: 5, column: 47, path: "services[0].checks[0].zzz" });
    expect(errors[0].message).toContain("allowed keys: id, name, interval");
    expect(errors[0].message).toContain("host, port");
  });

  it("reports a wrong type at the value", () => {
    const errors = errorsOf(
      lines(
        "version: 1",
        "services:",
        "  - id: a",
        "    checks:",
        "      - id: c",
        "        kind: tcp",
        "        host: db",
        "        port: http",
      ),
    );
    expect(formatConfigError(errors[0])).toBe(
      'opsdeck.yml:8:15: services[0].checks[0].port: expected number, got "http"',
    );
  });

  it("reports a missing required key at the object that lacks it", () => {
    const errors = errorsOf(
      lines(
        "version: 1",
        "services:",
        "  - id: a",
        "    checks:",
        "      - id: c",
        "        kind: tcp",
        "        host: db",
      ),
    );
    expect(errors[0]).toMatchObject({ line: 5, column: 9, path: "services[0].checks[0].port" });
    expect(errors[0].message).toContain("missing required key `port`");
  });

  it("lists the valid kinds for an unknown kind", () => {
    const errors = errorsOf(
      lines("version: 1", "services:", "  - id: a", "    checks:", "      - id: c", "        kind: htp"),
    );
    expect(formatConfigError(errors[0])).toBe(
      'opsdeck.yml:6:15: services[0].checks[0].kind: expected one of http, tcp, postgres, redis, qdrant, docker, exec, got "htp" (did you mean `http`?)',
    );
  });

  it("rejects a malformed duration", () => {
    const errors = errorsOf(lines("version: 1", "settings:", "  defaultInterval: 30 seconds"));
    expect(errors[0]).toMatchObject({ line: 3, column: 20, path: "settings.defaultInterval" });
    expect(errors[0].message).toContain('expected a duration such as "500ms"');
  });

  it("points inside a condition string at the offending character", () => {
    const text = lines(
      "version: 1",
      "services:",
      "  - id: a",
      "    checks:",
      "      - id: c",
      "        kind: http",
      "        url: http://x",
      '        expect: ["status = 200"]',
    );
    const errors = errorsOf(text);
    // `"status = 200"` opens at column 18; the `=` is the 8th character of the condition.
    expect(errors[0]).toMatchObject({ line: 8, column: 26, path: "services[0].checks[0].expect[0]" });
    expect(errors[0].message).toMatch(/invalid condition at column 8: expected an operator/);
  });

  it("checks metric threshold syntax", () => {
    const text = lines(
      "version: 1",
      "services:",
      "  - id: a",
      "    checks:",
      "      - id: c",
      "        kind: redis",
      "        url: redis://r",
      "        metric: { name: q, warn: '50' }",
    );
    expect(errorsOf(text)[0]).toMatchObject({ line: 8, path: "services[0].checks[0].metric.warn" });
  });

  it("reports an unknown dependsOn target with a hint, and unknown stacks", () => {
    const errors = errorsOf(
      lines(
        "version: 1",
        "stacks: [{ id: shop }]",
        "services:",
        "  - id: web",
        "    stack: shoop",
        "    dependsOn: [postgress]",
        "  - id: postgres",
      ),
    );
    expect(errors.map(formatConfigError)).toEqual([
      'opsdeck.yml:5:12: services[0].stack: unknown stack "shoop" (did you mean `shop`?)',
      'opsdeck.yml:6:17: services[0].dependsOn[0]: unknown service "postgress" (did you mean `postgres`?)',
    ]);
  });

  it("reports duplicate service and check ids at the second occurrence", () => {
    const errors = errorsOf(
      lines(
        "version: 1",
        "services:",
        "  - id: web",
        "    checks:",
        "      - { id: c, kind: docker }",
        "      - { id: c, kind: docker }",
        "  - id: web",
      ),
    );
    expect(errors.map((e) => [e.line, e.column, e.path])).toEqual([
      [6, 15, "services[0].checks[1].id"],
      [7, 9, "services[1].id"],
    ]);
  });

  it("reports dependency cycles", () => {
    const errors = errorsOf(
      lines(
        "version: 1",
        "services:",
        "  - { id: a, dependsOn: [b] }",
        "  - { id: b, dependsOn: [c] }",
        "  - { id: c, dependsOn: [a] }",
      ),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 5, column: 26, message: "dependency cycle: a -> b -> c -> a" });
  });

  it("names a missing environment variable at the ${...} token", () => {
    const errors = errorsOf(
      lines(
        "version: 1",
        "services:",
        "  - id: db",
        "    checks:",
        "      - id: c",
        "        kind: postgres",
        "        url: postgres://u:${DB_PASSWORD}@h/db",
      ),
    );
    expect(formatConfigError(errors[0])).toBe(
      "opsdeck.yml:7:27: services[0].checks[0].url: environment variable DB_PASSWORD is not set",
    );
  });
});

describe("secrets in config errors", () => {
  it("never quotes a value that came from ${VAR}; names the variable instead", () => {
    const secret = "s3cret-admin-passw0rd";
    const errors = errorsOf(
      lines(
        "version: 1",
        "settings:",
        "  defaultInterval: ${ADMIN_PASSWORD}",
        "services:",
        "  - id: db",
        "    checks:",
        "      - id: c",
        "        kind: tcp",
        "        host: db",
        "        port: ${ADMIN_PASSWORD}",
      ),
      { ADMIN_PASSWORD: secret },
    );
    expect(errors.length).toBeGreaterThanOrEqual(2);
    const text = errors.map(formatConfigError).join("\n");
    expect(text).not.toContain(secret);
    expect(text).toContain("${ADMIN_PASSWORD}");
    expect(errors[0]).toMatchObject({ line: 3 });
  });

  it.each(["NEXTAUTH_SECRET", "DATABASE_URL", "REDIS_URL", "OPSDECK_ADMIN_PASSWORD"])(
    "refuses the console's own %s, at the token, without reading it",
    (name) => {
      const errors = errorsOf(
        lines(
          "version: 1",
          "services:",
          "  - id: api",
          "    checks:",
          "      - id: c",
          "        kind: http",
          `        url: "http://api/\${${name}}"`,
        ),
        { [name]: "the-console-secret-value" },
      );
      expect(errors).toHaveLength(1);
      expect(formatConfigError(errors[0])).toBe(
        `opsdeck.yml:7:26: services[0].checks[0].url: \${${name}} is one of the console's own settings; config may not read it`,
      );
    },
  );
});

describe("parseConfig values", () => {
  it("interpolates ${VAR}, keeps $${ literal and types a bare ${PORT}", () => {
    const text = lines(
      "version: 1",
      "services:",
      "  - id: db",
      "    checks:",
      "      - id: c",
      "        kind: tcp",
      '        host: "${HOST}"',
      "        port: ${PORT}",
      "        name: cost $${NOT_A_VAR}",
    );
    const result = parseConfig(text, "opsdeck.yml", { HOST: "10.0.0.5", PORT: "5432" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.services[0].checks[0]).toMatchObject({
      host: "10.0.0.5",
      port: 5432,
      name: "cost ${NOT_A_VAR}",
    });
  });

  it("falls back to ${VAR:-text} when the variable is unset or empty, and still refuses the console's own", () => {
    const text = lines(
      "version: 1",
      "services:",
      "  - id: api",
      "    checks:",
      "      - id: c",
      "        kind: http",
      "        url: ${API_URL:-https://api.example.com}/v1/models",
      "      - id: d",
      "        kind: tcp",
      "        host: ${DB_HOST:-db}",
      "        port: ${DB_PORT:-5432}",
    );
    const unset = parseConfig(text, "opsdeck.yml", { DB_HOST: "" });
    expect(unset.ok && unset.config.services[0].checks).toMatchObject([
      { url: "https://api.example.com/v1/models" },
      { host: "db", port: 5432 },
    ]);
    const set = parseConfig(text, "opsdeck.yml", { API_URL: "http://10.0.0.9:8080", DB_PORT: "6543" });
    expect(set.ok && set.config.services[0].checks).toMatchObject([
      { url: "http://10.0.0.9:8080/v1/models" },
      { port: 6543 },
    ]);
    const own = parseConfig(
      lines("version: 1", "services:", "  - id: a", "    description: ${OPSDECK_SECRET:-x}"),
      "opsdeck.yml",
      {},
    );
    expect(own.ok ? [] : own.errors.map(formatConfigError)).toEqual([
      "opsdeck.yml:4:18: services[0].description: ${OPSDECK_SECRET:-x} is one of the console's own settings; config may not read it",
    ]);
  });

  it("applies defaults and converts durations to milliseconds", () => {
    const result = parseConfig(lines("version: 1", "settings: { defaultInterval: 1m }"), "opsdeck.yml");
    expect(result.ok && result.config.settings).toMatchObject({
      defaultInterval: 60_000,
      defaultTimeout: 10_000,
      failuresBeforeDown: 2,
    });
  });
});

describe("loadConfigFile", () => {
  it("says so when the file is missing", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "opsdeck-")), "opsdeck.yml");
    const result = await loadConfigFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatConfigError(result.errors[0])).toBe(`${file}: config file not found`);
  });

  const shipped = [
    "opsdeck.yml",
    ...readdirSync(path.join(root, "examples"))
      .filter((f) => existsSync(path.join(root, "examples", f, "opsdeck.yml")))
      .map((f) => `examples/${f}/opsdeck.yml`),
  ];
  it.each(shipped)("loads %s without errors", async (file) => {
    const result = await loadConfigFile(path.join(root, file), dummyEnv);
    expect(result.ok ? [] : result.errors.map(formatConfigError)).toEqual([]);
  });

  it("the commented check-kind examples in opsdeck.yml are valid once uncommented", () => {
    const text = readFileSync(path.join(root, "opsdeck.yml"), "utf8");
    const block = text.split("# --- check kinds: start\n")[1].split("  # --- check kinds: end")[0];
    const uncommented = block.replace(/^ {2}# ?/gm, "  ");
    const result = parseConfig(`version: 1\nservices:\n${uncommented}`, "opsdeck.yml", dummyEnv);
    expect(
      result.ok ? result.config.services[0].checks.map((c) => c.kind) : result.errors.map(formatConfigError),
    ).toEqual(["http", "tcp", "postgres", "redis", "qdrant", "docker", "exec"]);
  });
});
