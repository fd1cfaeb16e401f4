import { describe, expect, it } from "vitest";
import type { StateSegment } from "@/lib/monitor/history";
import { componentDays, daySpans, toPublicDay, uptimeOver, type DaySpan } from "./uptime";

/** The 90-day bars a stakeholder reads: which days, and what a day's percentage counts. */

const t = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

const seg = (state: StateSegment["state"], from: string, to: string): StateSegment => ({
  state,
  reason: "recorded",
  from: t(from),
  to: t(to),
});

/** 2025-06-09, a whole UTC day. */
const day: DaySpan = { date: "2025-06-09", from: t("2025-06-09T00:00:00Z"), to: t("2025-06-10T00:00:00Z") };

/** A service up all day but for `hours` in `state` from 10:00. */
const upExcept = (state: StateSegment["state"], hours = 1): StateSegment[] => [
  seg("up", "2025-06-09T00:00:00Z", "2025-06-09T10:00:00Z"),
  {
    state,
    reason: "recorded",
    from: t("2025-06-09T10:00:00Z"),
    to: t("2025-06-09T10:00:00Z") + hours * HOUR,
  },
  {
    state: "up",
    reason: "recorded",
    from: t("2025-06-09T10:00:00Z") + hours * HOUR,
    to: t("2025-06-10T00:00:00Z"),
  },
];
const upAllDay = [seg("up", "2025-06-09T00:00:00Z", "2025-06-10T00:00:00Z")];

/** The public day of one component (one list of services' segments per leaf). */
function publicDay(children: StateSegment[][][]) {
  const [d] = componentDays(children, [day]);
  return toPublicDay(d.span, d.times, []);
}

describe("daySpans", () => {
  it("gives 90 contiguous days, oldest first, the last ending now", () => {
    const now = t("2025-06-10T12:34:56Z");
    const spans = daySpans(now, "UTC");
    expect(spans).toHaveLength(90);
    expect(spans[0]).toEqual({
      date: "2025-03-13",
      from: t("2025-03-13T00:00:00Z"),
      to: t("2025-03-14T00:00:00Z"),
    });
    expect(spans[89]).toEqual({ date: "2025-06-10", from: t("2025-06-10T00:00:00Z"), to: now });
    for (let i = 0; i + 1 < spans.length; i++) {
      expect(spans[i].to).toBe(spans[i + 1].from);
      expect(spans[i].date < spans[i + 1].date).toBe(true);
    }
  });

  it("counts dates in the page's time zone", () => {
    // 20:00 UTC on the 10th is 05:00 on the 11th in Tokyo.
    const spans = daySpans(t("2025-06-10T20:00:00Z"), "Asia/Tokyo");
    expect(spans[89]).toMatchObject({ date: "2025-06-11", from: t("2025-06-10T15:00:00Z") });
    expect(spans[88]).toEqual({
      date: "2025-06-10",
      from: t("2025-06-09T15:00:00Z"),
      to: t("2025-06-10T15:00:00Z"),
    });
    expect(spans.every((s) => /^\d{4}-\d{2}-\d{2}$/.test(s.date))).toBe(true);
  });

  it("has a 23-hour day when New York springs forward and a 25-hour one when it falls back", () => {
    const length = (spans: DaySpan[], date: string) => {
      const s = spans.find((x) => x.date === date)!;
      return (s.to - s.from) / HOUR;
    };
    const spring = daySpans(t("2025-03-20T12:00:00Z"), "America/New_York");
    expect(spring.find((s) => s.date === "2025-03-09")?.from).toBe(t("2025-03-09T05:00:00Z"));
    expect(length(spring, "2025-03-08")).toBe(24);
    expect(length(spring, "2025-03-09")).toBe(23);
    expect(length(spring, "2025-03-10")).toBe(24);

    const fall = daySpans(t("2025-11-20T12:00:00Z"), "America/New_York");
    expect(fall.find((s) => s.date === "2025-11-02")?.from).toBe(t("2025-11-02T04:00:00Z"));
    expect(length(fall, "2025-11-01")).toBe(24);
    expect(length(fall, "2025-11-02")).toBe(25);
    expect(length(fall, "2025-11-03")).toBe(24);
  });

  it("starts a day at 01:00 where the clock skips midnight (Santiago springs forward at 24:00)", () => {
    const spans = daySpans(t("2025-09-20T12:00:00Z"), "America/Santiago");
    const skipped = spans.find((s) => s.date === "2025-09-07")!;
    expect(skipped.from).toBe(t("2025-09-07T04:00:00Z"));
    expect((skipped.to - skipped.from) / HOUR).toBe(23);
    expect(spans.every((s) => Number.isFinite(s.from) && s.from < s.to)).toBe(true);
  });
});

describe("a day's uptime", () => {
  it("counts an hour of major outage fully", () => {
    expect(publicDay([[upExcept("down")]])).toEqual({
      date: "2025-06-09",
      uptime: 95.833,
      worst: "major_outage",
      majorMs: HOUR,
      partialMs: 0,
      maintenanceMs: 0,
      incidents: [],
    });
  });

  it("counts an hour of partial outage (one of two services down) at 30 %", () => {
    expect(publicDay([[upAllDay, upExcept("down")]])).toMatchObject({
      uptime: 98.75,
      worst: "partial_outage",
      majorMs: 0,
      partialMs: HOUR,
    });
  });

  it("does not count degraded performance against uptime", () => {
    expect(publicDay([[upExcept("degraded", 3)]])).toMatchObject({
      uptime: 100,
      worst: "degraded_performance",
      majorMs: 0,
      partialMs: 0,
    });
  });

  it("leaves a maintenance hour out of the denominator and reports it", () => {
    expect(publicDay([[upExcept("maintenance")]])).toMatchObject({
      uptime: 100,
      worst: "under_maintenance",
      maintenanceMs: HOUR,
    });
    const both = [
      seg("up", "2025-06-09T00:00:00Z", "2025-06-09T10:00:00Z"),
      seg("maintenance", "2025-06-09T10:00:00Z", "2025-06-09T11:00:00Z"),
      seg("down", "2025-06-09T11:00:00Z", "2025-06-09T12:00:00Z"),
      seg("up", "2025-06-09T12:00:00Z", "2025-06-10T00:00:00Z"),
    ];
    // 1 h lost of 23 h counted: 95.652, not 95.833 as it would be over 24 h.
    expect(publicDay([[both]])).toMatchObject({ uptime: 95.652, worst: "major_outage", maintenanceMs: HOUR });
  });

  it("claims nothing for a day with no known state", () => {
    const nothing = { uptime: null, worst: null, majorMs: 0, partialMs: 0, maintenanceMs: 0 };
    expect(publicDay([[[]]])).toMatchObject(nothing);
    expect(publicDay([[[seg("nodata", "2025-06-09T00:00:00Z", "2025-06-10T00:00:00Z")]]])).toMatchObject(
      nothing,
    );
    expect(publicDay([[[seg("unknown", "2025-06-09T00:00:00Z", "2025-06-10T00:00:00Z")]]])).toMatchObject(
      nothing,
    );
  });

  it("counts only the known part of a day (monitoring began at noon)", () => {
    const halfDay = [
      seg("nodata", "2025-06-09T00:00:00Z", "2025-06-09T12:00:00Z"),
      seg("down", "2025-06-09T12:00:00Z", "2025-06-09T13:00:00Z"),
      seg("up", "2025-06-09T13:00:00Z", "2025-06-10T00:00:00Z"),
    ];
    expect(publicDay([[halfDay]])).toMatchObject({ uptime: 91.667, majorMs: HOUR });
  });

  it("gives a group its worst child's status: one child's only service down is a major outage", () => {
    expect(publicDay([[upExcept("down")], [upAllDay]])).toMatchObject({
      uptime: 95.833,
      worst: "major_outage",
      majorMs: HOUR,
      partialMs: 0,
    });
  });

  it("splits an outage across midnight between the two days", () => {
    const now = t("2025-06-10T12:00:00Z");
    const spans = daySpans(now, "UTC");
    const overnight = [
      seg("up", "2025-06-08T00:00:00Z", "2025-06-08T23:00:00Z"),
      seg("down", "2025-06-08T23:00:00Z", "2025-06-09T02:00:00Z"),
      seg("up", "2025-06-09T02:00:00Z", "2025-06-10T12:00:00Z"),
    ];
    const days = componentDays([[overnight]], spans);
    const byDate = Object.fromEntries(days.map((d) => [d.span.date, d.times]));
    expect(byDate["2025-06-08"]).toMatchObject({ major_outage: HOUR, operational: 23 * HOUR });
    expect(byDate["2025-06-09"]).toMatchObject({ major_outage: 2 * HOUR, operational: 22 * HOUR });
    expect(byDate["2025-06-10"]).toMatchObject({ major_outage: 0, operational: 12 * HOUR });
    expect(byDate["2025-06-07"]).toMatchObject({ major_outage: 0, operational: 0 });
  });
});

describe("uptimeOver", () => {
  it("combines days by the same rule, weighting time rather than averaging days", () => {
    const spans = daySpans(t("2025-06-10T00:00:00Z"), "UTC", 3).slice(0, 2);
    expect(spans.map((s) => s.date)).toEqual(["2025-06-08", "2025-06-09"]);
    const known = [seg("up", "2025-06-08T00:00:00Z", "2025-06-09T00:00:00Z"), ...upExcept("down")];
    // 1 h lost of 48 h.
    expect(uptimeOver(componentDays([[known]], spans))).toBe(97.917);
    const partial = [seg("up", "2025-06-08T00:00:00Z", "2025-06-09T00:00:00Z"), ...upAllDay];
    const oneDown = [seg("up", "2025-06-08T00:00:00Z", "2025-06-09T00:00:00Z"), ...upExcept("down")];
    // 0.3 h lost of 48 h.
    expect(uptimeOver(componentDays([[partial, oneDown]], spans))).toBe(99.375);
    // A day before monitoring began does not dilute the known one.
    expect(uptimeOver(componentDays([[upExcept("down")]], spans))).toBe(95.833);
  });

  it("leaves maintenance out and claims nothing when nothing is known", () => {
    const spans = [day];
    expect(uptimeOver(componentDays([[upExcept("maintenance", 5)]], spans))).toBe(100);
    expect(uptimeOver(componentDays([[[]]], spans))).toBeNull();
    expect(uptimeOver([])).toBeNull();
  });
});
