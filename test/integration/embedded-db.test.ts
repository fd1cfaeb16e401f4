import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { openEmbedded } from "@/lib/infra/db";
import { createEmbeddedMaintenance } from "@/lib/monitor/embedded-maintenance";

describe("the embedded database", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "opsdeck-embedded-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("is created on first start, migrated, and keeps its data across restarts", async () => {
    const dataDir = path.join(root, "data");
    const first = await openEmbedded(dataDir, "8MB");
    const dir = path.join(dataDir, "pglite");
    expect(existsSync(path.join(dir, "PG_VERSION"))).toBe(true);
    expect(existsSync(`${dir}.init`)).toBe(false); // made aside, then renamed into place
    const [{ shared_buffers }] =
      await first.client.$queryRawUnsafe<{ shared_buffers: string }[]>("SHOW shared_buffers");
    expect(shared_buffers).toBe("8MB");
    await first.client.user.create({
      data: { email: "kept@example.com", name: "Kept", passwordHash: "x", role: "viewer" },
    });
    await first.close();
    const created = statSync(path.join(dir, "PG_VERSION")).mtimeMs;

    const second = await openEmbedded(dataDir, "16MB");
    expect(await second.client.user.count({ where: { email: "kept@example.com" } })).toBe(1);
    const [{ shared_buffers: again }] =
      await second.client.$queryRawUnsafe<{ shared_buffers: string }[]>("SHOW shared_buffers");
    expect(again).toBe("16MB");
    await second.close();
    expect(statSync(path.join(dir, "PG_VERSION")).mtimeMs).toBe(created); // opened, not re-created
  }, 120_000);

  it("runs on its own thread: a long statement does not hold the console's event loop", async () => {
    const db = await openEmbedded(path.join(root, "thread"), "8MB");
    try {
      // ~1-3 s of work inside the database; the console's timers must keep firing meanwhile.
      let ticks = 0;
      let worstGap = 0;
      let last = performance.now();
      const timer = setInterval(() => {
        const now = performance.now();
        worstGap = Math.max(worstGap, now - last);
        last = now;
        ticks += 1;
      }, 10);
      const started = performance.now();
      const [{ n }] = await db.client.$queryRawUnsafe<{ n: bigint }[]>(
        "SELECT count(*) AS n FROM generate_series(1, 3000000) g WHERE md5(g::text) LIKE 'a%'",
      );
      const took = performance.now() - started;
      clearInterval(timer);
      expect(Number(n)).toBeGreaterThan(150_000);
      expect(took).toBeGreaterThan(500);
      expect(ticks).toBeGreaterThan(took / 10 / 3);
      expect(worstGap).toBeLessThan(200);
    } finally {
      await db.close();
    }
  }, 120_000);

  it("keeps Prisma's semantics across the thread: typed values, database errors, transactions", async () => {
    const db = await openEmbedded(path.join(root, "semantics"), "8MB");
    try {
      const user = await db.client.user.create({
        data: { email: "one@example.com", name: "One", passwordHash: "x", role: "viewer" },
      });
      expect(user.createdAt).toBeInstanceOf(Date);
      const [row] = await db.client.$queryRawUnsafe<
        { big: bigint; num: Prisma.Decimal; at: Date; j: unknown }[]
      >(`SELECT 9007199254740993::int8 AS big, 1.25::numeric AS num, now() AS at, '{"a":[1,2]}'::jsonb AS j`);
      expect(row.big).toBe(9007199254740993n);
      expect(String(row.num)).toBe("1.25");
      expect(row.at).toBeInstanceOf(Date);
      expect(row.j).toEqual({ a: [1, 2] });
      // A unique violation is still Prisma's P2002, naming the field.
      const duplicate = await db.client.user
        .create({ data: { email: "one@example.com", name: "Two", passwordHash: "x", role: "viewer" } })
        .catch((error: unknown) => error);
      expect(duplicate).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
      expect((duplicate as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
      // A failed interactive transaction leaves nothing behind; a good one commits.
      await expect(
        db.client.$transaction(async (tx) => {
          await tx.user.create({
            data: { email: "two@example.com", name: "Two", passwordHash: "x", role: "viewer" },
          });
          throw new Error("changed my mind");
        }),
      ).rejects.toThrow("changed my mind");
      expect(await db.client.user.count({ where: { email: "two@example.com" } })).toBe(0);
      await db.client.$transaction(async (tx) => {
        await tx.user.create({
          data: { email: "three@example.com", name: "Three", passwordHash: "x", role: "viewer" },
        });
      });
      expect(await db.client.user.count({ where: { email: "three@example.com" } })).toBe(1);
      // While a transaction is open, a statement from outside waits for it instead of joining it.
      let release = () => {};
      const holding = db.client.$transaction(async (tx) => {
        await tx.user.create({
          data: { email: "four@example.com", name: "Four", passwordHash: "x", role: "viewer" },
        });
        await new Promise<void>((resolve) => (release = resolve));
        throw new Error("rolled back");
      });
      await new Promise((r) => setTimeout(r, 100));
      const outside = db.client.user.count({ where: { email: "four@example.com" } });
      release();
      await expect(holding).rejects.toThrow("rolled back");
      expect(await outside).toBe(0);
    } finally {
      await db.close();
    }
  }, 120_000);

  it("is analyzed and vacuumed by the console (no autovacuum), so deleted history is reused, not added to", async () => {
    const db = await openEmbedded(path.join(root, "maintenance"), "8MB");
    try {
      const day = (n: number, offset: number) =>
        db.client.$executeRawUnsafe(
          `INSERT INTO "CheckSample" ("serviceId","checkId","at","status","latencyMs","message")
           SELECT 'svc', 'c' || (g % 50), timestamp '2026-12-01' + (($1::int + g) * interval '1 second'), 'up', 3, 'HTTP 200 in 3 ms'
             FROM generate_series(1, $2::int) g`,
          offset,
          n,
        );
      const size = async () =>
        Number(
          (
            await db.client.$queryRawUnsafe<{ n: bigint }[]>(`SELECT pg_relation_size('"CheckSample"') AS n`)
          )[0].n,
        );
      const maintenance = createEmbeddedMaintenance({
        analyzeEveryMs: 3_600_000,
        vacuumFraction: 0.2,
        vacuumMinRows: 1000,
      });
      await day(100_000, 0);
      const reltuples = async () =>
        Number(
          (
            await db.client.$queryRawUnsafe<{ n: number }[]>(
              `SELECT reltuples::float8 AS n FROM pg_class WHERE relname = 'CheckSample'`,
            )
          )[0].n,
        );
      expect(await reltuples()).toBeLessThan(0); // never analyzed: the planner would guess
      // The first pass after a start analyzes; nothing was deleted yet, so nothing is vacuumed.
      expect(await maintenance.run(db.client, 0)).toEqual(["analyze"]);
      expect(await reltuples()).toBe(100_000);
      expect(await maintenance.run(db.client, 1000)).toEqual([]);

      // Retention deletes the oldest half: below the threshold nothing runs, past it a VACUUM.
      const deleted = await db.client.checkSample.deleteMany({
        where: { at: { lt: new Date("2026-12-01T13:53:20Z") } },
      });
      expect(deleted.count).toBe(49_999);
      maintenance.changed("CheckSample", 15_000);
      expect(await maintenance.run(db.client, 2000)).toEqual([]);
      maintenance.changed("CheckSample", deleted.count - 15_000);
      const before = await size();
      expect(await maintenance.run(db.client, 3000)).toEqual(["vacuum CheckSample"]);
      // The space is reused: another half a day of samples fits in the same file.
      await day(49_999, 100_000);
      expect(await size()).toBe(before);
      // Statistics are renewed on their schedule.
      expect(await maintenance.run(db.client, 3_600_000)).toEqual(["analyze"]);
    } finally {
      await db.close();
    }
  }, 120_000);

  it("refuses a folder that holds something other than a database, and leaves it alone", async () => {
    const dataDir = path.join(root, "stray");
    mkdirSync(path.join(dataDir, "pglite"), { recursive: true });
    writeFileSync(path.join(dataDir, "pglite", "notes.txt"), "not a database");
    await expect(openEmbedded(dataDir)).rejects.toThrow(/pglite is not empty but holds no database/);
    expect(existsSync(path.join(dataDir, "pglite", "notes.txt"))).toBe(true);
  });
});
