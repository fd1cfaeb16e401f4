import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResultWriter } from "@/lib/monitor/persist";
import type { StateChange } from "@/lib/monitor/types";
import { scratchPglite, scratchPostgres, type ScratchDb } from "../support/scratch-db";

// Text that array literals and JSON must carry unharmed: quotes, braces, commas, backslashes,
// NULL spelled out, newlines and non-ASCII.
const AWKWARD = `HTTP 500: {"a":"b,c"} \\ "NULL" NULL\n→ ünïcode, 'quoted'`;

describe.each([
  ["Postgres", () => scratchPostgres("opsdeck_writer")],
  ["PGlite", () => scratchPglite()],
])("the result writer on %s", (_name, make) => {
  let s: ScratchDb;
  beforeAll(async () => {
    s = await make();
  });
  afterAll(async () => s?.drop());

  it("stores samples and state changes exactly as given, in one batch of thousands", async () => {
    const writer = createResultWriter({ getDb: async () => s.db, maxQueued: 100_000, flushEveryMs: 60_000 });
    const t0 = Date.parse("2026-11-24T10:00:00.123Z");
    writer.sample({
      serviceId: "api",
      checkId: "health",
      at: new Date(t0),
      result: { status: "down", latencyMs: 12.6, message: AWKWARD, metrics: { queue: 42, ratio: 0.5 } },
    });
    writer.sample({
      serviceId: "api",
      checkId: "tcp",
      at: new Date(t0 + 1),
      result: { status: "up", latencyMs: -3, message: "" },
    });
    for (let i = 0; i < 3000; i++)
      writer.sample({
        serviceId: `svc-${i % 7}`,
        checkId: "bulk",
        at: new Date(t0 + 1000 + i),
        result: { status: "up", latencyMs: i, message: `ok ${i}` },
      });
    const change: StateChange = {
      type: "check",
      id: "health",
      serviceId: "api",
      from: null,
      to: "down",
      reason: AWKWARD,
      at: new Date(t0).toISOString(),
    };
    writer.change(change);
    writer.change({
      type: "service",
      id: "api",
      from: "up",
      to: "down",
      reason: "1 check down",
      at: change.at,
    });
    writer.change({
      type: "stack",
      id: "shop",
      from: "up",
      to: "degraded",
      reason: "api down",
      at: change.at,
    });
    await writer.stop();
    expect(writer.status()).toMatchObject({ state: "ok", queued: 0, dropped: 0 });
    // The oldest sample written, once, for the next roll-up.
    expect(writer.takeOldestWritten()?.getTime()).toBe(t0);
    expect(writer.takeOldestWritten()).toBeNull();

    const first = await s.db.checkSample.findMany({ where: { serviceId: "api" }, orderBy: { at: "asc" } });
    expect(
      first.map((r) => [r.checkId, r.at.toISOString(), r.status, r.latencyMs, r.message, r.metrics]),
    ).toEqual([
      ["health", "2026-11-24T10:00:00.123Z", "down", 13, AWKWARD, { queue: 42, ratio: 0.5 }],
      ["tcp", "2026-11-24T10:00:00.124Z", "up", 0, "", null],
    ]);
    expect(await s.db.checkSample.count({ where: { checkId: "bulk" } })).toBe(3000);
    const last = await s.db.checkSample.findFirstOrThrow({
      where: { checkId: "bulk" },
      orderBy: { at: "desc" },
    });
    expect([last.serviceId, last.latencyMs, last.message, last.at.getTime()]).toEqual([
      `svc-${2999 % 7}`,
      2999,
      "ok 2999",
      t0 + 1000 + 2999,
    ]);

    const changes = await s.db.stateChange.findMany({ orderBy: { id: "asc" } });
    expect(changes.map((c) => [c.scope, c.entityId, c.serviceId, c.fromState, c.toState, c.reason])).toEqual([
      ["check", "api/health", "api", null, "down", AWKWARD],
      ["service", "api", "api", "up", "down", "1 check down"],
      ["stack", "shop", null, "up", "degraded", "api down"],
    ]);
    expect(changes[0].at.toISOString()).toBe("2026-11-24T10:00:00.123Z");
  });
});
