import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeRunCursor, listRuns } from "@/lib/actions/queries";
import { scratchPostgres, type ScratchDb } from "../support/scratch-db";

describe("paging through runs", () => {
  let s: ScratchDb;
  const same = new Date("2026-11-24T10:00:00.000Z");
  beforeAll(async () => {
    s = await scratchPostgres("opsdeck_runs_paging");
    // Seven runs in one millisecond (a restart-all fans out like this), three around them.
    const starts = [
      new Date(same.getTime() + 1),
      ...Array.from({ length: 7 }, () => same),
      new Date(same.getTime() - 1),
      new Date(same.getTime() - 2),
    ];
    await s.db.actionRun.createMany({
      data: starts.map((startedAt, i) => ({
        id: `run-${String(i).padStart(2, "0")}`,
        serviceId: "web",
        actionId: "restart",
        kind: "restart",
        target: "web",
        status: "succeeded",
        actorName: "ops@example.com",
        startedAt,
      })),
    });
  });
  afterAll(async () => s?.drop());

  it("returns every run exactly once, newest first, even when runs share a millisecond", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const { runs, next } = await listRuns(
        { serviceId: "web", limit: 3, cursor: cursor ? decodeRunCursor(cursor)! : undefined },
        s.db,
      );
      seen.push(...runs.map((r) => r.id));
      if (!next) break;
      cursor = next;
    }
    expect(seen).toEqual([
      "run-00",
      "run-07",
      "run-06",
      "run-05",
      "run-04",
      "run-03",
      "run-02",
      "run-01",
      "run-08",
      "run-09",
    ]);
  });

  it("says there is no next page when a page is not full", async () => {
    const { runs, next } = await listRuns({ serviceId: "web", limit: 50 }, s.db);
    expect(runs).toHaveLength(10);
    expect(next).toBeUndefined();
  });

  it("accepts only cursors it handed out", () => {
    expect(decodeRunCursor("2026-11-24T10:00:00.000Z~run-03")).toEqual({ startedAt: same, id: "run-03" });
    for (const bad of [
      "",
      "run-03",
      "yesterday~run-03",
      "2026-11-24T10:00:00.000Z~",
      "2026-11-24T10:00:00.000Z~a b",
    ])
      expect(decodeRunCursor(bad), bad).toBeNull();
  });
});
