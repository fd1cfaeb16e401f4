import { describe, expect, it } from "vitest";
import { activeAt, dueEvents, nextChange, nextEvent, occurrencesBetween } from "./occurrences";
import type { WindowDef } from "./types";

const H = 3_600_000;
const M = 60_000;
const t = (iso: string) => Date.parse(iso);

function once(start: string, end: string | null, extra: Partial<WindowDef> = {}): WindowDef {
  return {
    id: "w1",
    source: "console",
    title: "DB upgrade",
    description: null,
    notes: null,
    owner: "ana",
    scope: { services: ["db"], stacks: [], tags: [] },
    timing: { kind: "once", start: t(start), end: end === null ? null : t(end) },
    playbook: null,
    announceMs: null,
    endedAt: null,
    cancelledAt: null,
    ...extra,
  };
}

function weekly(cron: string, timeZone: string, durationMs = H, extra: Partial<WindowDef> = {}): WindowDef {
  return {
    ...once("2026-01-01T00:00:00Z", null),
    id: "sunday",
    timing: { kind: "recurring", cron, durationMs, timeZone, from: null },
    ...extra,
  };
}

describe("occurrences of a one-off window", () => {
  const w = once("2026-12-20T02:00:00Z", "2026-12-20T03:00:00Z");

  it("is active from its start (included) to its end (excluded)", () => {
    expect(activeAt([w], t("2026-12-20T01:59:59Z"))).toEqual([]);
    expect(activeAt([w], t("2026-12-20T02:00:00Z"))).toHaveLength(1);
    expect(activeAt([w], t("2026-12-20T02:59:59.999Z"))).toHaveLength(1);
    expect(activeAt([w], t("2026-12-20T03:00:00Z"))).toEqual([]);
  });

  it("ends where a person ended it, and a cancelled one never starts", () => {
    const ended = { ...w, endedAt: t("2026-12-20T02:20:00Z") };
    expect(activeAt([ended], t("2026-12-20T02:19:00Z"))).toHaveLength(1);
    expect(activeAt([ended], t("2026-12-20T02:20:00Z"))).toEqual([]);
    expect(occurrencesBetween(ended, 0, Infinity)[0]!.end).toBe(t("2026-12-20T02:20:00Z"));
    const cancelled = { ...w, cancelledAt: t("2026-12-19T00:00:00Z") };
    expect(occurrencesBetween(cancelled, 0, Infinity)).toEqual([]);
  });

  it("runs until ended when it has no end", () => {
    const open = once("2026-12-20T02:00:00Z", null);
    expect(activeAt([open], t("2027-06-01T00:00:00Z"))).toHaveLength(1);
    expect(nextChange([open], t("2026-12-20T02:30:00Z"))).toBeNull();
    const ended = { ...open, endedAt: t("2026-12-21T00:00:00Z") };
    expect(activeAt([ended], t("2026-12-21T00:00:00Z"))).toEqual([]);
    expect(nextChange([ended], t("2026-12-20T02:30:00Z"))).toBe(t("2026-12-21T00:00:00Z"));
  });

  it("says when the next start or end is, for the monitor's timer", () => {
    expect(nextChange([w], t("2026-12-20T00:00:00Z"))).toBe(t("2026-12-20T02:00:00Z"));
    expect(nextChange([w], t("2026-12-20T02:00:00Z"))).toBe(t("2026-12-20T03:00:00Z"));
    expect(nextChange([w], t("2026-12-20T03:00:00Z"))).toBeNull();
  });
});

describe("occurrences of a recurring window", () => {
  it("follows the wall clock of its time zone across a DST change", () => {
    // Sunday 02:00-03:00 in Berlin: UTC+1 in winter, UTC+2 from 29 March 2026.
    const w = weekly("0 2 * * 0", "Europe/Berlin");
    const starts = occurrencesBetween(w, t("2026-03-20T00:00:00Z"), t("2026-04-06T00:00:00Z")).map((o) =>
      new Date(o.start).toISOString(),
    );
    // 02:00 does not exist on 29 March (the clock jumps to 03:00): it starts at the jump.
    expect(starts).toEqual([
      "2026-03-22T01:00:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-04-05T00:00:00.000Z",
    ]);
    expect(activeAt([w], t("2026-04-05T00:30:00Z"))).toHaveLength(1);
    expect(activeAt([w], t("2026-04-05T01:00:00Z"))).toEqual([]);
  });

  it("is active in an occurrence that began before the question, and cut where a person ended it", () => {
    const w = weekly("0 2 * * 0", "UTC", 2 * H);
    expect(activeAt([w], t("2026-12-20T03:30:00Z"))).toHaveLength(1);
    const ended = { ...w, endedAt: t("2026-12-20T02:30:00Z") };
    expect(activeAt([ended], t("2026-12-20T02:45:00Z"))).toEqual([]);
    // Only that occurrence: the next Sunday runs in full.
    expect(activeAt([ended], t("2026-12-27T03:30:00Z"))).toHaveLength(1);
  });

  it("has no occurrence that ended before it was created, and none after it was cancelled", () => {
    const w = weekly("0 2 * * 0", "UTC", H, {
      timing: {
        kind: "recurring",
        cron: "0 2 * * 0",
        durationMs: H,
        timeZone: "UTC",
        from: t("2026-12-20T02:30:00Z"),
      },
    });
    expect(
      occurrencesBetween(w, t("2026-12-01T00:00:00Z"), t("2026-12-20T02:30:00Z")).map((o) => o.start),
    ).toEqual([t("2026-12-20T02:00:00Z")]);
    const cancelled = { ...w, cancelledAt: t("2026-12-21T00:00:00Z") };
    expect(occurrencesBetween(cancelled, t("2026-12-21T00:00:00Z"), t("2027-02-01T00:00:00Z"))).toEqual([]);
  });

  it("never occurs with a cron expression that does not parse", () => {
    expect(occurrencesBetween(weekly("61 * * * *", "UTC"), 0, t("2027-01-01T00:00:00Z"))).toEqual([]);
  });
});

describe("events of a window", () => {
  const w = once("2026-12-20T02:00:00Z", "2026-12-20T03:00:00Z", { announceMs: 30 * M });

  it("announces the lead time before, then starts and ends, each once in (from, to]", () => {
    const all = dueEvents([w], t("2026-12-20T00:00:00Z"), t("2026-12-20T04:00:00Z"), 24 * H);
    expect(all.map((e) => [e.type, new Date(e.at).toISOString()])).toEqual([
      ["started", "2026-12-20T02:00:00.000Z"],
      ["ended", "2026-12-20T03:00:00.000Z"],
    ]);
    // The announcement is only news before the start.
    const early = dueEvents([w], t("2026-12-20T01:00:00Z"), t("2026-12-20T01:30:00Z"), 24 * H);
    expect(early.map((e) => e.type)).toEqual(["announced"]);
    expect(nextEvent([w], t("2026-12-20T00:00:00Z"), 24 * H)).toBe(t("2026-12-20T01:30:00Z"));
  });

  it("takes the settings' lead time when the window has none", () => {
    const plain = { ...w, announceMs: null };
    expect(nextEvent([plain], t("2026-12-19T00:00:00Z"), 24 * H)).toBe(t("2026-12-19T02:00:00Z"));
  });
});
