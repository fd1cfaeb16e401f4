import { describe, expect, it } from "vitest";
import { incidentSuggestions, type SuggestionService } from "@/lib/incidents/suggestions";
import { covers, maintenanceLookup, maintenanceOf, maintenanceReason } from "./scope";
import type { WindowDef } from "./types";

const t = (iso: string) => Date.parse(iso);
const api = { id: "api", stackId: "shop", tags: ["public", "http"] };
const db = { id: "db", stackId: "data", tags: ["stateful"] };
const worker = { id: "worker", stackId: "shop", tags: [] };

function win(
  scope: Partial<WindowDef["scope"]>,
  start: string,
  end: string | null,
  title = "Upgrade",
): WindowDef {
  return {
    id: title,
    source: "config",
    title,
    description: null,
    notes: null,
    owner: "",
    scope: { services: [], stacks: [], tags: [], ...scope },
    timing: { kind: "once", start: t(start), end: end === null ? null : t(end) },
    playbook: null,
    announceMs: null,
    endedAt: null,
    cancelledAt: null,
  };
}

describe("what a window covers", () => {
  it("matches services by id, by stack and by tag", () => {
    expect(covers({ services: ["db"], stacks: [], tags: [] }, db)).toBe(true);
    expect(covers({ services: ["db"], stacks: [], tags: [] }, api)).toBe(false);
    expect(covers({ services: [], stacks: ["shop"], tags: [] }, worker)).toBe(true);
    expect(covers({ services: [], stacks: ["shop"], tags: [] }, db)).toBe(false);
    expect(covers({ services: [], stacks: [], tags: ["stateful"] }, db)).toBe(true);
    expect(covers({ services: [], stacks: [], tags: ["stateful"] }, worker)).toBe(false);
  });

  it("answers inMaintenance(service, at) with the covering occurrence, the longest when several", () => {
    const short = win({ stacks: ["shop"] }, "2026-12-20T02:00:00Z", "2026-12-20T03:00:00Z", "Short");
    const long = win({ tags: ["http"] }, "2026-12-20T02:30:00Z", "2026-12-20T05:00:00Z", "Long");
    const inMaintenance = maintenanceLookup([api, db, worker], [short, long]);
    expect(inMaintenance("api", t("2026-12-20T01:00:00Z"))).toBeNull();
    expect(inMaintenance("api", t("2026-12-20T02:10:00Z"))?.window.title).toBe("Short");
    expect(inMaintenance("api", t("2026-12-20T02:40:00Z"))?.window.title).toBe("Long");
    expect(inMaintenance("worker", t("2026-12-20T02:40:00Z"))?.window.title).toBe("Short");
    expect(inMaintenance("db", t("2026-12-20T02:40:00Z"))).toBeNull();
    expect(inMaintenance("nowhere", t("2026-12-20T02:40:00Z"))).toBeNull();
    const o = maintenanceOf(worker, [short], t("2026-12-20T02:10:00Z"))!;
    expect(maintenanceReason(o)).toBe("maintenance: Short until 2026-12-20 03:00:00 UTC");
    const open = maintenanceOf(
      db,
      [win({ services: ["db"] }, "2026-12-20T02:00:00Z", null)],
      t("2027-01-01T00:00:00Z"),
    )!;
    expect(maintenanceReason(open)).toBe("maintenance: Upgrade until ended");
  });
});

describe("incident suggestions", () => {
  const now = t("2026-12-20T02:10:00Z");
  const svc = (id: string, status: SuggestionService["status"], extra: Partial<SuggestionService> = {}) => ({
    id,
    name: id,
    status,
    reason: `${id} ${status}`,
    since: "2026-12-20T02:02:00.000Z",
    ...extra,
  });
  const window = win({ services: ["api"] }, "2026-12-20T02:00:00Z", "2026-12-20T03:00:00Z");

  it("offers a failing service, and nothing for one inside a maintenance window", () => {
    const services = [svc("api", "down"), svc("db", "degraded"), svc("web", "up")];
    const inMaintenance = maintenanceLookup([api, db, { id: "web", stackId: "shop", tags: [] }], [window]);
    const during = incidentSuggestions(services, { inMaintenance, covered: new Set(), now });
    expect(during.map((s) => s.serviceId)).toEqual(["db"]);
    expect(during[0]).toMatchObject({ title: "db is degraded", status: "degraded" });
    const after = incidentSuggestions(services, {
      inMaintenance,
      covered: new Set(),
      now: t("2026-12-20T03:00:00Z"),
    });
    expect(after.map((s) => [s.serviceId, s.title])).toEqual([
      ["api", "api is down"],
      ["db", "db is degraded"],
    ]);
  });

  it("offers nothing for a service an open incident names, and groups the impacted under their root cause", () => {
    const services = [
      svc("db", "down"),
      svc("api", "down", { impactedBy: { rootCauses: ["db"] } }),
      svc("queue", "down"),
    ];
    const none = () => null;
    const list = incidentSuggestions(services, { inMaintenance: none, covered: new Set(["queue"]), now });
    expect(list).toEqual([expect.objectContaining({ serviceId: "db", impacted: ["api"] })]);
  });
});
