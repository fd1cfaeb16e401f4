import { describe, expect, it } from "vitest";
import { levelMatcher, mergeNewest, NewestLines, shortStamp, timeBound, type FoundLine } from "./log-search";

const now = Date.parse("2026-08-04T12:00:00Z");

describe("timeBound", () => {
  it("counts durations back from now and reads ISO dates", () => {
    expect(timeBound("15m", now)?.toISOString()).toBe("2026-08-04T11:45:00.000Z");
    expect(timeBound("2026-08-04T10:00:00Z", now)?.toISOString()).toBe("2026-08-04T10:00:00.000Z");
  });

  it("refuses what is neither", () => {
    expect(timeBound("yesterday", now)).toBeNull();
    expect(timeBound("15", now)).toBeNull();
    expect(timeBound("2026-13-45", now)).toBeNull();
  });
});

describe("levelMatcher", () => {
  const error = levelMatcher("error");

  it("matches the level field of JSON lines, case-insensitively", () => {
    expect(error('{"level":"error","msg":"boom"}')).toBe(true);
    expect(error('{"level":"ERROR","msg":"boom"}')).toBe(true);
    expect(error('{"severity":"error"}')).toBe(true);
    expect(error('{"level":"info","msg":"boom"}')).toBe(false);
  });

  it("does not match a message that merely quotes the level, or non-JSON text", () => {
    expect(error('{"level":"info","msg":"saw \\"level\\":\\"error\\" upstream"}')).toBe(false);
    expect(error('plain "level":"error" text')).toBe(false);
    expect(error("{not json")).toBe(false);
  });

  it("treats warn and warning as one level", () => {
    expect(levelMatcher("warning")('{"level":"warn"}')).toBe(true);
    expect(levelMatcher("warn")('{"levelname":"WARNING"}')).toBe(true);
  });
});

describe("newest lines", () => {
  const line = (ts: string, container = "a"): FoundLine => ({ container, stream: "stdout", ts, text: ts });

  it("keeps the newest N of what was pushed, in order, and counts everything", () => {
    const ring = new NewestLines(3);
    for (const ts of ["1", "2", "3", "4", "5"]) ring.push(line(ts));
    expect(ring.lines().map((l) => l.ts)).toEqual(["3", "4", "5"]);
    expect(ring.pushed).toBe(5);
  });

  it("merges containers by time and keeps the newest overall", () => {
    const a = [line("2026-08-04T10:00:01.000000000Z", "a"), line("2026-08-04T10:00:03.000000000Z", "a")];
    const b = [line("2026-08-04T10:00:02.000000000Z", "b"), line("2026-08-04T10:00:04.000000000Z", "b")];
    expect(mergeNewest([a, b], 3).map((l) => l.container)).toEqual(["b", "a", "b"]);
  });

  it("shortens Docker stamps to milliseconds", () => {
    expect(shortStamp("2026-08-04T12:30:01.123456789Z")).toBe("2026-08-04T12:30:01.123Z");
    expect(shortStamp(undefined)).toBe("");
  });
});
