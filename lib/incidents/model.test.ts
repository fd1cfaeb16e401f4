import { describe, expect, it } from "vitest";
import { durations, milestones, targets, type IncidentTimes } from "./model";
import { DEFAULT_SEVERITIES } from "./severity";

const P1 = DEFAULT_SEVERITIES[0];
const T0 = Date.parse("2026-12-07T03:00:00.000Z");
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
const fresh: IncidentTimes = {
  declaredAt: at(0),
  acknowledgedAt: null,
  identifiedAt: null,
  mitigatedAt: null,
  resolvedAt: null,
  lastUpdateAt: null,
};

describe("incident clocks", () => {
  it("counts the three P1 targets down and marks the missed ones overdue", () => {
    const now = T0 + 10 * 60_000;
    const [ack, update, resolve] = targets(fresh, P1, now);
    expect(ack).toMatchObject({ name: "acknowledge", overdue: true, leftMs: -5 * 60_000, dueAt: at(5) });
    expect(update).toMatchObject({ name: "update", overdue: false, leftMs: 20 * 60_000, dueAt: at(30) });
    expect(resolve).toMatchObject({ name: "resolve", overdue: false, leftMs: 230 * 60_000 });
  });

  it("runs the update clock from the last public update, and stops it at resolution", () => {
    const updated = { ...fresh, acknowledgedAt: at(2), lastUpdateAt: at(25) };
    const [ack, update] = targets(updated, P1, T0 + 40 * 60_000);
    expect(ack).toMatchObject({ metAt: at(2), overdue: false, leftMs: null });
    expect(update).toMatchObject({ dueAt: at(55), overdue: false, leftMs: 15 * 60_000 });
    const resolved = { ...updated, resolvedAt: at(300) };
    const [, u2, r2] = targets(resolved, P1, T0 + 400 * 60_000);
    expect(u2).toMatchObject({ dueAt: null, overdue: false });
    expect(r2).toMatchObject({ metAt: at(300), overdue: true }); // resolved after the 4 h target
  });

  it("keeps the first time each milestone was reached, and reopening clears the resolution", () => {
    expect(milestones("investigating", "monitoring", fresh, at(20))).toEqual({
      acknowledgedAt: at(20),
      identifiedAt: at(20),
      mitigatedAt: at(20),
    });
    const resolved = {
      ...fresh,
      acknowledgedAt: at(1),
      identifiedAt: at(5),
      mitigatedAt: at(20),
      resolvedAt: at(30),
    };
    expect(milestones("resolved", "investigating", resolved, at(40))).toEqual({ resolvedAt: null });
    expect(milestones("identified", "identified", fresh, at(40))).toEqual({});
  });

  it("measures detect, acknowledge, mitigate and resolve for the review", () => {
    const t = { ...fresh, acknowledgedAt: at(3), mitigatedAt: at(20), resolvedAt: at(45) };
    expect(durations(t, at(-7))).toEqual({
      detectMs: 7 * 60_000,
      acknowledgeMs: 3 * 60_000,
      mitigateMs: 20 * 60_000,
      resolveMs: 45 * 60_000,
    });
    expect(durations(fresh, null).detectMs).toBeNull();
  });
});
