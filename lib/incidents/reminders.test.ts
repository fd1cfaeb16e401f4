import { describe, expect, it } from "vitest";
import { remindersFor, type OpenIncident } from "./reminders";
import { DEFAULT_SEVERITIES, type Severity } from "./severity";

const T0 = Date.parse("2026-12-07T03:00:00.000Z");
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const SEVERITIES: Severity[] = [
  ...DEFAULT_SEVERITIES,
  { ...DEFAULT_SEVERITIES[0], id: "SEV1", escalateTo: "head@example.com" },
  { ...DEFAULT_SEVERITIES[0], id: "SEV0", escalateTo: "admin" },
];

function incident(over: Partial<OpenIncident> = {}): OpenIncident {
  return {
    id: "i1",
    number: 7,
    title: "Queue backs up",
    severity: "P1",
    commander: "ana@example.com",
    declaredAt: iso(T0),
    acknowledgedAt: iso(T0),
    identifiedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    lastUpdateAt: iso(T0),
    ...over,
  };
}
const ana = { email: "Ana@example.com", role: "operator" };

describe("incident reminders", () => {
  it("remind the commander of an update due within five minutes, and of one missed", () => {
    // P1: an update every 30 minutes.
    expect(remindersFor(ana, [incident()], SEVERITIES, T0 + 20 * MIN)).toEqual([]);
    expect(remindersFor(ana, [incident()], SEVERITIES, T0 + 26 * MIN)).toEqual([
      expect.objectContaining({
        target: "update",
        overdue: false,
        as: "commander",
        dueAt: iso(T0 + 30 * MIN),
      }),
    ]);
    expect(remindersFor(ana, [incident()], SEVERITIES, T0 + 31 * MIN)).toEqual([
      expect.objectContaining({ target: "update", overdue: true, as: "commander" }),
    ]);
  });

  it("stop once the update is posted, and for a resolved incident", () => {
    const updated = incident({ lastUpdateAt: iso(T0 + 29 * MIN) });
    expect(remindersFor(ana, [updated], SEVERITIES, T0 + 31 * MIN)).toEqual([]);
    const resolved = incident({ resolvedAt: iso(T0 + 10 * MIN) });
    expect(remindersFor(ana, [resolved], SEVERITIES, T0 + 31 * MIN)).toEqual([]);
  });

  it("tell whoever the severity names (by email or role) of missed targets only, and no one else", () => {
    const head = { email: "head@example.com", role: "viewer" };
    const named = incident({ severity: "SEV1" });
    expect(remindersFor(head, [named], SEVERITIES, T0 + 26 * MIN)).toEqual([]);
    expect(remindersFor(head, [named], SEVERITIES, T0 + 31 * MIN)).toEqual([
      expect.objectContaining({ target: "update", overdue: true, as: "escalation" }),
    ]);
    const admin = { email: "root@example.com", role: "admin" };
    expect(remindersFor(admin, [incident({ severity: "SEV0" })], SEVERITIES, T0 + 31 * MIN)).toHaveLength(1);
    const bo = { email: "bo@example.com", role: "operator" };
    expect(remindersFor(bo, [named], SEVERITIES, T0 + 5 * 60 * MIN)).toEqual([]);
  });

  it("list missed targets first, then the soonest due", () => {
    const late = incident({
      id: "late",
      declaredAt: iso(T0 - 5 * 60 * MIN),
      lastUpdateAt: iso(T0 - 31 * MIN),
    });
    const soon = incident({ id: "soon", lastUpdateAt: iso(T0 - 27 * MIN) });
    const list = remindersFor(ana, [soon, late], SEVERITIES, T0);
    expect(list.map((r) => [r.incidentId, r.target, r.overdue])).toEqual([
      ["late", "resolve", true],
      ["late", "update", true],
      ["soon", "update", false],
    ]);
  });
});
