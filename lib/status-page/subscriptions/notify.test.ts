import { describe, expect, it } from "vitest";
import { buildSnapshot, NOW } from "../render/fixture.test-support";
import type { PublicIncident, PublicMaintenance, PublicSnapshot } from "../types";
import { concerns, diffSnapshots } from "./notify";

const MIN = 60_000;
const at = (minutesAfterNow: number) => new Date(Date.parse(NOW) + minutesAfterNow * MIN).toISOString();

/** The fixture one minute later, changed by `edit`. */
function later(prev: PublicSnapshot, edit: (s: PublicSnapshot) => void): PublicSnapshot {
  const next = structuredClone(prev);
  next.generatedAt = at(1);
  edit(next);
  return next;
}

const incident = (over: Partial<PublicIncident> = {}): PublicIncident => ({
  id: "43",
  title: "Payments failing",
  status: "investigating",
  impact: "major_outage",
  components: ["api"],
  startedAt: at(1),
  resolvedAt: null,
  updates: [{ at: at(1), status: "investigating", text: "Some payments fail." }],
  ...over,
});

const types = (events: { type: string }[]) => events.map((e) => e.type);

describe("diffSnapshots", () => {
  it("says nothing without a previous publication, nor when nothing changed", () => {
    const s = buildSnapshot();
    expect(diffSnapshots(null, s)).toEqual([]);
    expect(
      diffSnapshots(
        s,
        later(s, () => undefined),
      ),
    ).toEqual([]);
  });

  it("announces an incident made public once, with its latest update", () => {
    const prev = buildSnapshot();
    const next = later(prev, (s) =>
      s.incidents.unshift(
        incident({
          updates: [
            { at: at(1), status: "identified", text: "Cause found." },
            { at: at(0.5), status: "investigating", text: "Looking." },
          ],
        }),
      ),
    );
    const events = diffSnapshots(prev, next);
    expect(types(events)).toEqual(["incident.published"]);
    expect(events[0]).toMatchObject({ components: ["api"], update: { text: "Cause found." } });
  });

  it("tells each new public update in order, and the resolution", () => {
    const prev = buildSnapshot();
    const next = later(prev, (s) => {
      const open = s.incidents[0];
      open.updates.unshift(
        { at: at(0.9), status: "monitoring", text: "Fix deployed." },
        { at: at(0.5), status: "identified", text: "Rolling out." },
      );
    });
    expect(diffSnapshots(prev, next).map((e) => ("update" in e ? e.update.text : ""))).toEqual([
      "Rolling out.",
      "Fix deployed.",
    ]);

    const resolved = later(next, (s) => {
      const [open] = s.incidents.splice(0, 1);
      open.status = "resolved";
      open.resolvedAt = at(2);
      open.updates.unshift({ at: at(2), status: "resolved", text: "This incident has been resolved." });
      s.history.unshift(open);
    });
    expect(types(diffSnapshots(next, resolved))).toEqual(["incident.resolved"]);
  });

  it("gives every event a key that does not change between replays", () => {
    const prev = buildSnapshot();
    const next = later(prev, (s) => s.incidents.unshift(incident()));
    expect(diffSnapshots(prev, next)[0].key).toBe(diffSnapshots(prev, structuredClone(next))[0].key);
    expect(diffSnapshots(prev, next)[0].key).toBe(`incident:43:${at(1)}|investigating`);
  });

  it("does not bring up old resolved incidents that appear (a component added to the page)", () => {
    const prev = buildSnapshot();
    const next = later(prev, (s) =>
      s.history.push(
        incident({
          id: "7",
          status: "resolved",
          startedAt: "2026-11-01T10:00:00.000Z",
          resolvedAt: "2026-11-01T11:00:00.000Z",
          updates: [{ at: "2026-11-01T11:00:00.000Z", status: "resolved", text: "Done." }],
        }),
      ),
    );
    expect(diffSnapshots(prev, next)).toEqual([]);
  });

  it("says nothing of an incident that started while all its components were under maintenance", () => {
    // m-ongoing covers cdn since 12:00, open-ended.
    const prev = buildSnapshot();
    const inside = later(prev, (s) => s.incidents.unshift(incident({ components: ["cdn"] })));
    expect(diffSnapshots(prev, inside)).toEqual([]);
    const update = later(inside, (s) =>
      s.incidents[0].updates.unshift({ at: at(3), status: "resolved", text: "Over." }),
    );
    expect(diffSnapshots(inside, update)).toEqual([]);
    // One of its components outside the window: subscribers hear of it.
    const partly = later(prev, (s) => s.incidents.unshift(incident({ components: ["cdn", "api"] })));
    expect(types(diffSnapshots(prev, partly))).toEqual(["incident.published"]);
  });

  it("tells maintenance when first announced, when it starts and when it ends", () => {
    const prev = buildSnapshot();
    const window: PublicMaintenance = {
      id: "m-new",
      title: "Search reindex",
      components: ["api"],
      start: at(60),
      end: at(120),
      state: "scheduled",
    };
    const announced = later(prev, (s) => s.maintenance.push(window));
    expect(types(diffSnapshots(prev, announced))).toEqual(["maintenance.scheduled"]);
    const started = later(
      announced,
      (s) => (s.maintenance.find((m) => m.id === "m-new")!.state = "in_progress"),
    );
    expect(types(diffSnapshots(announced, started))).toEqual(["maintenance.started"]);
    const done = later(started, (s) => (s.maintenance.find((m) => m.id === "m-new")!.state = "completed"));
    expect(types(diffSnapshots(started, done))).toEqual(["maintenance.completed"]);
    expect(
      diffSnapshots(
        done,
        later(done, () => undefined),
      ),
    ).toEqual([]);
  });

  it("tells an immediate window as started, not an old one that appears", () => {
    const prev = buildSnapshot();
    const now = later(prev, (s) =>
      s.maintenance.push({
        id: "m-now",
        title: "Hotfix",
        components: ["api"],
        start: at(1),
        end: null,
        state: "in_progress",
      }),
    );
    expect(types(diffSnapshots(prev, now))).toEqual(["maintenance.started"]);
    const old = later(prev, (s) =>
      s.maintenance.push({
        id: "m-old",
        title: "Long one",
        components: ["api"],
        start: "2026-12-05T00:00:00.000Z",
        end: null,
        state: "in_progress",
      }),
    );
    expect(diffSnapshots(prev, old)).toEqual([]);
  });
});

describe("concerns", () => {
  const page = buildSnapshot().components;
  it("matches the whole page, a component, or a group through its children", () => {
    expect(concerns([], ["db"], page)).toBe(true);
    expect(concerns(["api"], ["api", "db"], page)).toBe(true);
    expect(concerns(["api"], ["db"], page)).toBe(false);
    expect(concerns(["data"], ["db"], page)).toBe(true);
    expect(concerns(["web"], ["db"], page)).toBe(false);
  });
});
