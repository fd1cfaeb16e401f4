import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketUptime } from "@/lib/monitor/history";
import { rawMinutes } from "@/lib/monitor/history-sql";
import { applyRetention, rollUp } from "@/lib/monitor/rollup";
import { scratchPglite, scratchPostgres, type ScratchDb } from "../support/scratch-db";

const NOW = new Date("2026-11-23T12:34:30Z");

async function seed(db: ScratchDb["db"]) {
  // 3 samples in the current minute (2 up, 1 down), 2 in the previous minute, one 3 days old.
  const at = (offsetS: number) => new Date(NOW.getTime() + offsetS * 1000);
  const rows = [
    { at: at(-10), status: "up", latencyMs: 10 },
    { at: at(-20), status: "up", latencyMs: 30 },
    { at: at(-25), status: "down", latencyMs: 500 },
    { at: at(-60), status: "up", latencyMs: 20 },
    { at: at(-70), status: "degraded", latencyMs: 40 },
    { at: at(-3 * 86_400), status: "up", latencyMs: 5 },
  ];
  await db.checkSample.createMany({
    data: rows.map((r) => ({ ...r, serviceId: "svc", checkId: "http", message: "" })),
  });
}

describe.each([
  ["Postgres", () => scratchPostgres("opsdeck_rollup")],
  ["PGlite", () => scratchPglite()],
])("roll-ups and retention on %s", (_name, make) => {
  let s: ScratchDb;
  beforeAll(async () => {
    s = await make();
    await seed(s.db);
  });
  afterAll(async () => s?.drop());

  it("aggregates samples into minute, hour and day buckets, idempotently", async () => {
    await rollUp(s.db, NOW);
    await rollUp(s.db, NOW); // a second pass must not double count
    const minutes = await s.db.checkRollup.findMany({
      where: { bucket: "minute" },
      orderBy: { bucketStart: "asc" },
    });
    expect(minutes.map((m) => [m.bucketStart.toISOString(), m.total, m.up, m.degraded, m.down])).toEqual([
      ["2026-11-23T12:33:00.000Z", 2, 1, 1, 0],
      ["2026-11-23T12:34:00.000Z", 3, 2, 0, 1],
    ]);
    expect(minutes[1].latencySum).toBe(540);
    expect(minutes[1].latencyMax).toBe(500);
    const hour = await s.db.checkRollup.findFirstOrThrow({ where: { bucket: "hour" } });
    expect([hour.bucketStart.toISOString(), hour.total, hour.up, hour.down]).toEqual([
      "2026-11-23T12:00:00.000Z",
      5,
      3,
      1,
    ]);
    const day = await s.db.checkRollup.findFirstOrThrow({
      where: { bucket: "day", bucketStart: new Date("2026-11-23T00:00:00Z") },
    });
    expect(day.total).toBe(5);
  });

  it("deletes raw samples past retention and keeps the roll-ups", async () => {
    await applyRetention(s.db, { raw: 86_400_000, minutes: 7 * 86_400_000, hours: 90 * 86_400_000 }, NOW);
    expect(await s.db.checkSample.count()).toBe(5);
    expect(await s.db.checkRollup.count({ where: { bucket: "minute" } })).toBe(2);
    await applyRetention(
      s.db,
      { raw: 1000, minutes: 1000, hours: 90 * 86_400_000 },
      new Date(NOW.getTime() + 3_600_000),
    );
    expect(await s.db.checkSample.count()).toBe(0);
    expect(await s.db.checkRollup.count({ where: { bucket: "minute" } })).toBe(0);
    expect(await s.db.checkRollup.count({ where: { bucket: "hour" } })).toBe(1);
  });
});

describe.each([
  ["Postgres", () => scratchPostgres("opsdeck_rollup_incr")],
  ["PGlite", () => scratchPglite()],
])("incremental roll-ups on %s", (_name, make) => {
  let s: ScratchDb;
  beforeAll(async () => {
    s = await make();
    await seed(s.db);
  });
  afterAll(async () => s?.drop());

  const sample = (at: Date, status: string, latencyMs: number) => ({
    serviceId: "svc",
    checkId: "http",
    message: "",
    at,
    status,
    latencyMs,
  });
  const minutes = async () =>
    (await s.db.checkRollup.findMany({ where: { bucket: "minute" }, orderBy: { bucketStart: "asc" } })).map(
      (m) => [m.bucketStart.toISOString(), m.total, m.up, m.down],
    );

  it("recomputes only the buckets new samples fall in, including late ones, to the same totals", async () => {
    await rollUp(s.db, NOW); // the full first pass
    expect(await minutes()).toEqual([
      ["2026-11-23T12:33:00.000Z", 2, 1, 0],
      ["2026-11-23T12:34:00.000Z", 3, 2, 1],
    ]);
    // A minute later: one new sample, and one that arrives late for 12:33 (a queue drained
    // after a database outage). A minute bucket before both is tampered with to prove it is
    // not recomputed.
    await s.db.checkRollup.update({
      where: {
        serviceId_checkId_bucket_bucketStart: {
          serviceId: "svc",
          checkId: "http",
          bucket: "minute",
          bucketStart: new Date("2026-11-23T12:33:00Z"),
        },
      },
      data: { total: 99 },
    });
    const late = new Date("2026-11-23T12:33:50Z");
    await s.db.checkSample.createMany({
      data: [sample(new Date("2026-11-23T12:35:10Z"), "down", 700), sample(late, "up", 10)],
    });
    await rollUp(s.db, new Date("2026-11-23T12:35:30Z"), new Date("2026-11-23T12:34:00Z"));
    expect(await minutes()).toEqual([
      ["2026-11-23T12:33:00.000Z", 99, 1, 0], // before changedSince: left alone
      ["2026-11-23T12:34:00.000Z", 3, 2, 1],
      ["2026-11-23T12:35:00.000Z", 1, 0, 1],
    ]);
    // Given the late sample's time, its minute is recomputed from the samples.
    await rollUp(s.db, new Date("2026-11-23T12:35:40Z"), late);
    expect((await minutes())[0]).toEqual(["2026-11-23T12:33:00.000Z", 3, 2, 0]);
    const hour = await s.db.checkRollup.findFirstOrThrow({ where: { bucket: "hour" } });
    expect([hour.total, hour.up, hour.down]).toEqual([7, 4, 2]);
    const day = await s.db.checkRollup.findFirstOrThrow({
      where: { bucket: "day", bucketStart: new Date("2026-11-23T00:00:00Z") },
    });
    expect(day.total).toBe(7);
  });
});

describe.each([
  ["Postgres", () => scratchPostgres("opsdeck_rollup_maint")],
  ["PGlite", () => scratchPglite()],
])("samples under maintenance on %s", (_name, make) => {
  let s: ScratchDb;
  beforeAll(async () => {
    s = await make();
  });
  afterAll(async () => s?.drop());

  it("count in total and maintenance, never as up, degraded or down, at every roll-up level and in raw reads", async () => {
    // 12:33: two up samples before the window; 12:34: three down samples inside it and one up after.
    const data = [
      { at: "2026-11-23T12:33:10Z", status: "up", maintenance: false },
      { at: "2026-11-23T12:33:40Z", status: "up", maintenance: false },
      { at: "2026-11-23T12:34:00Z", status: "down", maintenance: true },
      { at: "2026-11-23T12:34:10Z", status: "down", maintenance: true },
      { at: "2026-11-23T12:34:20Z", status: "degraded", maintenance: true },
      { at: "2026-11-23T12:34:25Z", status: "up", maintenance: false },
    ];
    await s.db.checkSample.createMany({
      data: data.map((r) => ({
        ...r,
        at: new Date(r.at),
        serviceId: "db",
        checkId: "tcp",
        message: "",
        latencyMs: 10,
      })),
    });
    await rollUp(s.db, NOW);
    const rows = await s.db.checkRollup.findMany({ orderBy: [{ bucket: "asc" }, { bucketStart: "asc" }] });
    const shape = (r: (typeof rows)[number]) => [
      r.bucket,
      r.bucketStart.toISOString(),
      r.total,
      r.up,
      r.degraded,
      r.down,
      r.maintenance,
    ];
    expect(rows.map(shape)).toEqual([
      ["day", "2026-11-23T00:00:00.000Z", 6, 3, 0, 0, 3],
      ["hour", "2026-11-23T12:00:00.000Z", 6, 3, 0, 0, 3],
      ["minute", "2026-11-23T12:33:00.000Z", 2, 2, 0, 0, 0],
      ["minute", "2026-11-23T12:34:00.000Z", 4, 1, 0, 0, 3],
    ]);
    // The service page reads the newest minutes from raw samples: the same counts.
    const raw = await rawMinutes(s.db, "db", new Date("2026-11-23T12:00:00Z"));
    expect(
      raw
        .sort((a, b) => a.start - b.start)
        .map((r) => [new Date(r.start).toISOString(), r.total, r.up, r.down, r.maintenance]),
    ).toEqual([
      ["2026-11-23T12:33:00.000Z", 2, 2, 0, 0],
      ["2026-11-23T12:34:00.000Z", 4, 1, 0, 3],
    ]);
    // And the uptime of that minute is the one sample outside the window: 100 %, not 25 %.
    expect(bucketUptime(raw.find((r) => r.maintenance > 0)!)).toBe(100);
  });
});
