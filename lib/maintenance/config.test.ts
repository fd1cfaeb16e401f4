import { describe, expect, it } from "vitest";
import { formatConfigError, parseConfig } from "@/lib/catalog/load-config";
import { configWindows } from "./config-windows";

const BASE = `version: 1
settings:
  discoverContainers: false
stacks:
  - id: shop
services:
  - { id: api, stack: shop }
  - { id: db, stack: shop }
maintenance:
`;

const errorsOf = (yaml: string) => {
  const result = parseConfig(BASE + yaml, "opsdeck.yml");
  return result.ok ? [] : result.errors.map(formatConfigError);
};

describe("maintenance: in opsdeck.yml", () => {
  it("reads one-off, until-ended and recurring windows with their public and internal texts", () => {
    const result = parseConfig(
      `${BASE}  - id: db-upgrade
    title: Database upgrade
    description: Checkout may be slow.
    notes: runbook in the wiki, call Bo if replication lags
    services: [db]
    owner: ana@example.com
    start: "2026-12-20T02:00:00+01:00"
    duration: 90m
    playbook: db-upgrade
    announce: 2h
  - id: open-ended
    title: Migration
    stacks: [shop]
    start: "2026-12-21T00:00:00Z"
  - id: sunday
    title: Weekly patching
    tags: [public]
    recurring: { cron: "0 2 * * 0", duration: 1h, timeZone: Europe/Berlin }
`,
      "opsdeck.yml",
    );
    if (!result.ok) throw new Error(result.errors.map(formatConfigError).join("\n"));
    expect(result.config.settings.maintenance.announceBefore).toBe(86_400_000);
    const [upgrade, open, sunday] = configWindows(result.config);
    expect(upgrade).toMatchObject({
      id: "config:db-upgrade",
      title: "Database upgrade",
      description: "Checkout may be slow.",
      notes: "runbook in the wiki, call Bo if replication lags",
      timing: {
        kind: "once",
        start: Date.parse("2026-12-20T01:00:00Z"),
        end: Date.parse("2026-12-20T02:30:00Z"),
      },
      playbook: "db-upgrade",
      announceMs: 7_200_000,
    });
    expect(open!.timing).toEqual({ kind: "once", start: Date.parse("2026-12-21T00:00:00Z"), end: null });
    expect(sunday!.timing).toEqual({
      kind: "recurring",
      cron: "0 2 * * 0",
      durationMs: 3_600_000,
      timeZone: "Europe/Berlin",
      from: null,
    });
  });

  it("reports what is wrong with file, line and column", () => {
    const errors = errorsOf(`  - id: a
    title: A
    services: [dbb]
    start: "2026-12-20T02:00:00Z"
    end: "2026-12-20T01:00:00Z"
  - id: b
    title: B
    stacks: [nope]
    recurring: { cron: "0 25 * * *", duration: 1h, timeZone: Mars/Olympus }
  - id: a
    title: C
    services: [api]
    start: "2026-12-20T02:00:00Z"
`);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^opsdeck\.yml:12:16: .*unknown service "dbb" \(did you mean `db`\?\)/),
        expect.stringMatching(/^opsdeck\.yml:14:10: .*the end .* is not after the start/),
        expect.stringMatching(/^opsdeck\.yml:17:14: .*unknown stack "nope"/),
        expect.stringMatching(/^opsdeck\.yml:18:.*invalid cron expression/),
        expect.stringMatching(/^opsdeck\.yml:18:.*unknown time zone "Mars\/Olympus"/),
        expect.stringMatching(/^opsdeck\.yml:19:.*duplicate maintenance window id "a"/),
      ]),
    );
  });

  it("refuses a window with no scope, no times, or two kinds of times", () => {
    expect(errorsOf(`  - { id: a, title: A, start: "2026-12-20T02:00:00Z" }\n`).join("\n")).toMatch(
      /name at least one service, stack or tag/,
    );
    expect(errorsOf(`  - { id: a, title: A, services: [api] }\n`).join("\n")).toMatch(
      /expected `start` \(or `recurring`\)/,
    );
    expect(
      errorsOf(
        `  - { id: a, title: A, services: [api], start: "2026-12-20T02:00:00Z", recurring: { cron: "@daily", duration: 1h } }\n`,
      ).join("\n"),
    ).toMatch(/a recurring window takes its times from `recurring`/);
    expect(errorsOf(`  - { id: a, title: A, services: [api], start: "tomorrow" }\n`).join("\n")).toMatch(
      /expected a date and time with its offset/,
    );
  });

  it("only warns about a service it does not know while discovery may still find it", () => {
    const result = parseConfig(
      BASE.replace("discoverContainers: false", "discoverContainers: true") +
        `  - { id: a, title: A, services: [shop.cache], start: "2026-12-20T02:00:00Z" }\n`,
      "opsdeck.yml",
    );
    expect(result.ok).toBe(true);
    expect(result.warnings.map(formatConfigError).join("\n")).toMatch(
      /unknown service "shop.cache": the window applies only if discovery finds it/,
    );
  });
});
