import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
let dir: string;

/** `npm run validate -- <file>` as a pre-commit hook or CI job runs it. */
function validate(file: string, env: Record<string, string> = {}) {
  const run = spawnSync("npm", ["run", "--silent", "validate", "--", file], {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? os.tmpdir(), NODE_ENV: "production", ...env },
    timeout: 60_000,
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "opsdeck-validate-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("npm run validate", () => {
  it("exits 1 with the console's own file:line:column messages for a bad file", async () => {
    const file = path.join(dir, "bad.yml");
    await writeFile(
      file,
      [
        "version: 1",
        "services:",
        "  - id: web",
        "    checks:",
        "      - id: health",
        "        kind: http",
        "        url: http://web/health",
        "        intervall: 5s",
        "        expect: [stauts == 200]",
        "",
      ].join("\n"),
    );
    const { code, err } = validate(file);
    expect(code).toBe(1);
    expect(err).toContain(
      `${file}:8:9: services[0].checks[0].intervall: unknown key \`intervall\` (did you mean \`interval\`?)`,
    );
    expect(err).toContain(`${file}: 1 error`);
  });

  it("exits 0 for a good file, printing its warnings, and names a variable it cannot resolve", async () => {
    const file = path.join(dir, "good.yml");
    const lines = [
      "version: 1",
      "services:",
      "  - id: web",
      "    checks:",
      "      - id: health",
      "        kind: http",
      "        url: http://web/health?token=${HEALTH_TOKEN}",
      "        interval: 5s",
      "        timeout: 10s",
      "",
    ];
    await writeFile(file, lines.join("\n"));
    const ok = validate(file, { HEALTH_TOKEN: "t0ken-value" });
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`${file}: valid (1 services, 1 checks, 0 actions, 1 warnings)`);
    expect(ok.err).toContain(`warning: ${file}:9:18: services[0].checks[0].timeout: the timeout`);

    const missing = validate(file);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("environment variable HEALTH_TOKEN is not set");
  });

  it("validates the shipped opsdeck.yml", () => {
    const { code, out, err } = validate(path.join(root, "opsdeck.yml"));
    expect(code, err).toBe(0);
    expect(out).toMatch(/opsdeck\.yml: valid \(\d+ services/);
  });
});
