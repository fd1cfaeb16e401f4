import { describe, expect, it } from "vitest";
import { formatConfigError, parseConfig } from "@/lib/catalog/load-config";

/** Schedules in opsdeck.yml: what loads, and what is refused with file, line and column. */

const config = (...schedule: string[]) =>
  [
    "version: 1",
    "services:",
    "  - id: db",
    "    compose: { project: shop, service: db }",
    "    actions:",
    "      - { id: backup, kind: postgres.backup, url: postgres://db/app, destination: { folder: /var/backups } }",
    "schedules:",
    ...schedule.map((l) => `  ${l}`),
    "",
  ].join("\n");

function errors(text: string): string[] {
  const result = parseConfig(text, "opsdeck.yml", {});
  if (result.ok) throw new Error("expected the config to be rejected");
  return result.errors.map(formatConfigError);
}

describe("schedules in opsdeck.yml", () => {
  it("loads a nightly backup and a built-in restart with their defaults", () => {
    const result = parseConfig(
      config(
        '- { id: nightly, cron: "0 3 * * *", timeZone: Europe/Berlin, action: { service: db, action: backup }, keep: 7 }',
        '- { id: weekly-restart, cron: "@weekly", action: { service: db, action: restart } }',
      ),
      "opsdeck.yml",
      {},
    );
    if (!result.ok) throw new Error(result.errors.map(formatConfigError).join("\n"));
    expect(result.config.schedules[0]).toMatchObject({
      id: "nightly",
      keep: 7,
      catchUp: "skip",
      overlap: "skip",
      role: "operator",
      enabled: true,
      action: { service: "db", action: "backup", params: {} },
    });
    expect(result.config.settings.schedules).toEqual({
      timeZone: "UTC",
      maxConcurrentRuns: 20,
      missedAfter: 60_000,
    });
  });

  it("points at a bad cron field, an unknown time zone and a missing action", () => {
    expect(
      errors(config('- { id: a, cron: "61 3 * * *", action: { service: db, action: backup } }')),
    ).toEqual([
      'opsdeck.yml:8:20: schedules[0].cron: invalid cron expression: minute: "61" is out of range (0-59)',
    ]);
    expect(
      errors(
        config(
          '- { id: a, cron: "0 3 * * *", timeZone: Mars/Olympus, action: { service: db, action: backup } }',
        ),
      ),
    ).toEqual([
      "opsdeck.yml:8:43: schedules[0].timeZone: unknown time zone (expected an IANA name like Europe/Berlin or UTC)",
    ]);
    expect(errors(config('- { id: a, cron: "0 3 * * *", action: { service: db, action: bakup } }'))).toEqual([
      'opsdeck.yml:8:64: schedules[0].action.action: service "db" has no action "bakup" (did you mean `backup`?)',
    ]);
  });

  it("wants exactly one of action and playbook, and keep only with an action", () => {
    expect(errors(config('- { id: a, cron: "0 3 * * *" }'))[0]).toMatch(
      /schedules\[0\]: a schedule runs either an `action` or a `playbook` \(exactly one\)/,
    );
    expect(errors(config('- { id: a, cron: "0 3 * * *", playbook: { id: daily }, keep: 3 }'))[0]).toMatch(
      /schedules\[0\]\.keep: `keep` applies to files an action makes/,
    );
  });

  it("refuses two schedules with one id", () => {
    const e = errors(
      config(
        '- { id: a, cron: "0 3 * * *", playbook: { id: x } }',
        '- { id: a, cron: "0 4 * * *", playbook: { id: y } }',
      ),
    );
    expect(e[0]).toMatch(/opsdeck\.yml:9:\d+: schedules\[1\]\.id: duplicate schedule id "a"/);
  });
});
