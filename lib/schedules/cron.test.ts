import { describe, expect, it } from "vitest";
import { CronError, cronBetween, cronNext, matchesWall, nextWall, parseCron } from "./cron";
import { planOccurrences } from "./plan";

const iso = (d: Date | null) => d?.toISOString() ?? null;
const next = (expr: string, after: string, tz = "UTC") => iso(cronNext(parseCron(expr), new Date(after), tz));
const between = (expr: string, from: string, to: string, tz: string) =>
  cronBetween(parseCron(expr), new Date(from), new Date(to), tz).occurrences.map((d) => d.toISOString());

describe("cron expressions", () => {
  it("parses fields, ranges, steps, lists, names and macros", () => {
    const c = parseCron("*/15 9-17 * JAN,jul mon-fri");
    expect([...c.minutes]).toEqual([0, 15, 30, 45]);
    expect([...c.hours]).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect([...c.months]).toEqual([1, 7]);
    expect([...c.weekdays]).toEqual([1, 2, 3, 4, 5]);
    expect([...parseCron("0 0 * * 7").weekdays]).toEqual([0]);
    expect([...parseCron("5/20 * * * *").minutes]).toEqual([5, 25, 45]);
    expect(parseCron("@daily").source).toBe("@daily");
    expect([...parseCron("*/10 * * * * *").seconds]).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it("says which field is wrong and why", () => {
    expect(() => parseCron("61 * * * *")).toThrow(/minute: "61" is out of range \(0-59\)/);
    expect(() => parseCron("* * *")).toThrow(/expected 5 fields .* got 3/);
    expect(() => parseCron("*/0 * * * *")).toThrow(/minute: step "0" must be a positive whole number/);
    expect(() => parseCron("* 5-2 * * *")).toThrow(/hour: range "5-2" goes backwards/);
    expect(() => parseCron("* * * foo *")).toThrow(CronError);
    expect(() => parseCron("@sometimes")).toThrow(/unknown macro/);
  });

  it("finds the next time in UTC, seconds included", () => {
    expect(next("0 3 * * *", "2026-12-07T02:59:59Z")).toBe("2026-12-07T03:00:00.000Z");
    expect(next("0 3 * * *", "2026-12-07T03:00:00Z")).toBe("2026-12-08T03:00:00.000Z");
    expect(next("*/10 * * * * *", "2026-12-07T10:00:05.500Z")).toBe("2026-12-07T10:00:10.000Z");
    expect(next("0 0 29 2 *", "2026-03-01T00:00:00Z")).toBe("2028-02-29T00:00:00.000Z");
    expect(next("0 0 30 2 *", "2026-03-01T00:00:00Z")).toBeNull();
  });

  it("matches either day field when both are restricted (Vixie)", () => {
    // The 13th, or any Friday: 2026-12-11 is a Friday before the 13th.
    expect(next("0 12 13 * 5", "2026-12-07T00:00:00Z")).toBe("2026-12-11T12:00:00.000Z");
    expect(next("0 12 13 * 5", "2026-12-11T13:00:00Z")).toBe("2026-12-13T12:00:00.000Z");
  });

  it("keeps wall-clock time across time zones and DST", () => {
    // 03:00 in Berlin is 02:00 UTC in winter, 01:00 UTC in summer.
    expect(next("0 3 * * *", "2026-12-07T00:00:00Z", "Europe/Berlin")).toBe("2026-12-07T02:00:00.000Z");
    expect(next("0 3 * * *", "2026-07-07T00:00:00Z", "Europe/Berlin")).toBe("2026-07-07T01:00:00.000Z");
  });

  it("runs a time the clock skips at the first instant after the jump, once", () => {
    // New York springs forward on 2026-03-08 at 02:00 EST (07:00Z) to 03:00 EDT.
    expect(next("30 2 * * *", "2026-03-08T00:00:00Z", "America/New_York")).toBe("2026-03-08T07:00:00.000Z");
    expect(next("30 2 * * *", "2026-03-08T07:00:00Z", "America/New_York")).toBe("2026-03-09T06:30:00.000Z");
    // Every 15 minutes: 01:45 EST, then 03:00 EDT (the gap's times collapse onto it), 03:15 EDT.
    expect(
      between("*/15 * * * *", "2026-03-08T06:40:00Z", "2026-03-08T07:20:00Z", "America/New_York"),
    ).toEqual(["2026-03-08T06:45:00.000Z", "2026-03-08T07:00:00.000Z", "2026-03-08T07:15:00.000Z"]);
  });

  it("runs a fixed time the clock shows twice once, and a frequency at both passes", () => {
    // New York falls back on 2026-11-01 at 02:00 EDT (06:00Z) to 01:00 EST: 01:30 happens at 05:30Z and 06:30Z.
    expect(between("30 1 * * *", "2026-10-31T12:00:00Z", "2026-11-02T12:00:00Z", "America/New_York")).toEqual(
      ["2026-11-01T05:30:00.000Z", "2026-11-02T06:30:00.000Z"],
    );
    const hourly = between("30 * * * *", "2026-11-01T04:00:00Z", "2026-11-01T08:00:00Z", "America/New_York");
    expect(hourly).toEqual([
      "2026-11-01T04:30:00.000Z",
      "2026-11-01T05:30:00.000Z",
      "2026-11-01T06:30:00.000Z",
      "2026-11-01T07:30:00.000Z",
    ]);
  });

  it("every 10 seconds through both changes: evenly spaced, none twice, none lost", () => {
    for (const [from, to] of [
      ["2026-03-08T06:55:00Z", "2026-03-08T07:05:00Z"],
      ["2026-11-01T05:55:00Z", "2026-11-01T06:05:00Z"],
    ]) {
      const got = between("*/10 * * * * *", from!, to!, "America/New_York").map((s) => Date.parse(s));
      expect(got).toHaveLength(60);
      for (let i = 1; i < got.length; i++) expect(got[i]! - got[i - 1]!).toBe(10_000);
    }
  });

  it("handles a half-hour DST change (Lord Howe)", () => {
    // Lord Howe goes from +11:00 to +10:30 on 2026-04-05 at 02:00 local: 01:45 shows twice.
    const got = between("45 1 * * *", "2026-04-03T00:00:00Z", "2026-04-06T00:00:00Z", "Australia/Lord_Howe");
    expect(got).toEqual(["2026-04-03T14:45:00.000Z", "2026-04-04T14:45:00.000Z", "2026-04-05T15:15:00.000Z"]);
  });

  it("lists at most `limit` occurrences and counts the rest", () => {
    const r = cronBetween(
      parseCron("* * * * *"),
      new Date("2026-12-07T00:00:00Z"),
      new Date("2026-12-07T01:00:00Z"),
      "UTC",
      10,
    );
    expect(r.occurrences).toHaveLength(10);
    expect(r.more).toBe(50);
  });
});

describe("what a schedule owes", () => {
  const base = { cron: "*/10 * * * * *", timeZone: "UTC", missedAfterMs: 60_000 };
  const t = (s: string) => Date.parse(s);

  it("runs what is due since the last look, and reports nothing missed", () => {
    const p = planOccurrences({
      ...base,
      through: t("2026-12-07T10:00:00Z"),
      now: t("2026-12-07T10:00:25Z"),
    });
    expect(p.due.map((d) => d.toISOString())).toEqual([
      "2026-12-07T10:00:10.000Z",
      "2026-12-07T10:00:20.000Z",
    ]);
    expect(p.missed).toBeNull();
    expect(p.next?.toISOString()).toBe("2026-12-07T10:00:30.000Z");
  });

  it("reports occurrences older than missedAfter as missed, and still runs the recent ones", () => {
    const p = planOccurrences({
      ...base,
      through: t("2026-12-07T09:00:00Z"),
      now: t("2026-12-07T10:00:05Z"),
    });
    // 09:00:10 .. 09:59:00 were missed (354); 09:59:10 .. 10:00:00 are late but within a minute (6).
    expect(p.missed).toEqual({
      count: 354,
      first: new Date("2026-12-07T09:00:10Z"),
      last: new Date("2026-12-07T09:59:00Z"),
    });
    expect(p.due).toHaveLength(6);
    expect(p.due[0]?.toISOString()).toBe("2026-12-07T09:59:10.000Z");
  });
});

describe("wall-clock arithmetic", () => {
  it("finds the same next time as stepping through every minute with Date", () => {
    const exprs = ["0 3 * * *", "*/15 9-17 * jan,jul mon-fri", "30 1 13 * 5", "0 0 1 */3 *", "45 23 * * 0"];
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (const expr of exprs) {
      const cron = parseCron(expr);
      for (let i = 0; i < 20; i++) {
        const start =
          Date.UTC(1999 + Math.floor(random() * 60), 0, 1) + Math.floor(random() * 365 * 86_400_000);
        let t = Math.floor(start / 60_000) * 60_000 + 60_000;
        for (;;) {
          const d = new Date(t);
          const w = {
            year: d.getUTCFullYear(),
            month: d.getUTCMonth() + 1,
            day: d.getUTCDate(),
            hour: d.getUTCHours(),
            minute: d.getUTCMinutes(),
            second: 0,
          };
          if (matchesWall(cron, w)) break;
          t += 60_000;
        }
        expect(nextWall(cron, start), `${expr} after ${new Date(start).toISOString()}`).toBe(t);
      }
    }
  });
});
