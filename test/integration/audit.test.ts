import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditWriter } from "@/lib/audit/writer";
import { verifyChain } from "@/lib/audit/verify";
import { verifyInParallel } from "@/lib/audit/verify-parallel";
import { listAuditEvents } from "@/lib/audit/queries";
import type { Actor, AuditInput } from "@/lib/audit/schemas";
import { auditFilterSchema } from "@/lib/audit/schemas";
import { Unavailable } from "@/lib/errors";
import { migrate, prismaFor, scratchPglite, scratchPostgres, type ScratchDb } from "../support/scratch-db";
import { createPrivatePostgres, type PrivatePostgres } from "../support/private-postgres";

const actor: Actor = {
  type: "user",
  id: "u1",
  name: "sre@example.com",
  role: "operator",
  ip: "10.0.0.7",
  userAgent: "vitest",
  requestId: "req-1",
};
const event = (i: number, extra: Partial<AuditInput> = {}): AuditInput => ({
  actor,
  action: "container.restart",
  target: `shop.api (container api-${i})`,
  params: { container: `api-${i}`, password: "hunter2", url: "postgres://app:s3cret@db:5432/app" },
  outcome: "started",
  ...extra,
});

async function tmpDir() {
  return mkdtemp(path.join(os.tmpdir(), "opsdeck-audit-"));
}

describe.each([
  ["Postgres", () => scratchPostgres("opsdeck_audit")],
  ["embedded PGlite", () => scratchPglite()],
] as const)("audit chain on %s", (_name, open) => {
  let scratch: ScratchDb;
  let writer: AuditWriter;
  let dir: string;
  beforeAll(async () => {
    scratch = await open();
    dir = await tmpDir();
    writer = new AuditWriter({ db: async () => scratch.db, journalFile: path.join(dir, "journal.jsonl") });
  });
  afterAll(async () => {
    writer.close();
    await scratch.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("chains 300 concurrent appends into one contiguous, verifiable sequence with secrets redacted", async () => {
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => writer.append(event(i))));
    expect(results.every((r) => r.storedIn === "database")).toBe(true);
    const verify = await verifyChain(scratch.db);
    expect(verify).toMatchObject({ ok: true, checked: 300, headSeq: 300 });
    if (scratch.url) {
      expect(await verifyChain(scratch.db, { pgUrl: scratch.url })).toMatchObject({ ok: true, checked: 300 });
      // The worker-thread path that large logs take gives the same answer.
      expect(await verifyInParallel(scratch.url, 300, performance.now())).toMatchObject({
        ok: true,
        checked: 300,
      });
    }
    const page = await listAuditEvents(
      scratch.db,
      auditFilterSchema.parse({ target: "shop.api (container api-17)", limit: 10 }),
    );
    expect(page.events).toHaveLength(1);
    expect(page.events[0].params).toEqual({
      container: "api-17",
      password: "[redacted]",
      url: "postgres://app:[redacted]@db:5432/app",
    });
    expect(page.events[0]).toMatchObject({
      actorName: "sre@example.com",
      sourceIp: "10.0.0.7",
      requestId: "req-1",
    });
  });

  it("refuses UPDATE, DELETE and TRUNCATE of audit rows", async () => {
    await expect(
      scratch.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET outcome = 'succeeded' WHERE seq = 1`),
    ).rejects.toThrow(/append-only/);
    await expect(scratch.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE seq = 2`)).rejects.toThrow(
      /append-only/,
    );
    await expect(scratch.db.$executeRawUnsafe(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    expect((await verifyChain(scratch.db)).ok).toBe(true);
  });

  it("detects an edited row and a deleted row, naming the first broken record", async () => {
    // Someone with superuser rights turns the guard off and rewrites history.
    await scratch.db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
    await scratch.db.$executeRawUnsafe(
      `UPDATE "AuditEvent" SET "actorName" = 'someone-else' WHERE seq = 120`,
    );
    let result = await verifyChain(scratch.db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({ seq: 120, reason: expect.stringMatching(/edited/) });
    expect(result.checked).toBe(119);
    // The direct node-postgres reader (used on Postgres for speed) reaches the same verdict.
    if (scratch.url) {
      expect(await verifyChain(scratch.db, { pgUrl: scratch.url })).toMatchObject({
        ok: false,
        firstBroken: { seq: 120 },
      });
      expect(await verifyInParallel(scratch.url, 300, performance.now())).toMatchObject({
        ok: false,
        checked: 119,
        firstBroken: { seq: 120, reason: expect.stringMatching(/edited/) },
      });
    }

    await scratch.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE seq = 50`);
    result = await verifyChain(scratch.db);
    expect(result.firstBroken).toEqual({ seq: 51, reason: expect.stringMatching(/record 50 is missing/) });
    if (scratch.url)
      expect((await verifyInParallel(scratch.url, 300, performance.now())).firstBroken).toEqual(
        result.firstBroken,
      );
    await scratch.db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
  });
});

describe("when the database is down", () => {
  let pgServer: PrivatePostgres;
  let dir: string;
  let writer: AuditWriter;
  let db: ReturnType<typeof prismaFor>;
  beforeAll(async () => {
    pgServer = await createPrivatePostgres();
    await pgServer.start();
    await migrate(pgServer.url);
    db = prismaFor(pgServer.url);
    dir = await tmpDir();
    writer = new AuditWriter({
      db: async () => db,
      journalFile: path.join(dir, "journal.jsonl"),
      dbTimeoutMs: 3000,
      drainIntervalMs: 200,
    });
  }, 120_000);
  afterAll(async () => {
    writer.close();
    await db.$disconnect().catch(() => undefined);
    await pgServer.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it("journals events durably, then drains them into the chain in order, exactly once", async () => {
    await writer.append(event(1, { outcome: "started" }));
    await pgServer.stop();
    const down = await Promise.all([2, 3, 4].map((i) => writer.append(event(i))));
    expect(down.map((r) => r.storedIn)).toEqual(["journal", "journal", "journal"]);
    expect(writer.journal.read().map((e) => e.target)).toEqual(
      [2, 3, 4].map((i) => `shop.api (container api-${i})`),
    );
    // Later events keep queueing behind the journal so the chain keeps the order things happened in.
    await writer.append(event(5));
    expect(writer.pendingInJournal).toBe(4);

    await pgServer.start();
    await expect.poll(() => writer.pendingInJournal, { timeout: 20_000, interval: 200 }).toBe(0);
    const rows = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.target)).toEqual([1, 2, 3, 4, 5].map((i) => `shop.api (container api-${i})`));
    expect(await verifyChain(db)).toMatchObject({ ok: true, checked: 5 });
  }, 120_000);

  it("skips journal entries already committed before a crash (no duplicates)", async () => {
    // The process died after committing the journal but before clearing it: the same lines are still there.
    const committed = (await db.auditEvent.findMany({ orderBy: { seq: "asc" }, take: 2 })).map((r) => ({
      eventId: r.eventId,
      at: r.at.toISOString(),
      actorType: r.actorType,
      actorId: r.actorId,
      actorName: r.actorName,
      role: r.role,
      sourceIp: r.sourceIp,
      userAgent: r.userAgent,
      action: r.action,
      target: r.target,
      params: r.params,
      outcome: r.outcome,
      durationMs: r.durationMs,
      requestId: r.requestId,
      runId: r.runId,
      message: r.message,
    }));
    const file = path.join(dir, "crashed.jsonl");
    await writeFile(file, committed.map((e) => JSON.stringify(e)).join("\n") + "\n");
    const restarted = new AuditWriter({ db: async () => db, journalFile: file, drainIntervalMs: 100 });
    expect(await restarted.drain()).toBe(true);
    restarted.close();
    expect(await db.auditEvent.count()).toBe(5);
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it("refuses with a clear error when neither the database nor the journal can be written", async () => {
    await pgServer.stop();
    await writeFile(path.join(dir, "placeholder"), "");
    // A journal path whose parent is a file cannot be created, even by root.
    const blocked = new AuditWriter({
      db: async () => db,
      journalFile: path.join(dir, "placeholder", "journal.jsonl"),
      dbTimeoutMs: 2000,
    });
    const error = await blocked.append(event(9)).catch((e: unknown) => e);
    blocked.close();
    expect(error).toBeInstanceOf(Unavailable);
    expect((error as Error).message).toMatch(/audit log cannot be written.*nothing was run/);
    await pgServer.start();
    const rows = await db.auditEvent.count();
    expect(rows).toBe(5);
  }, 60_000);
});

describe("the app's database role", () => {
  it("cannot update audit rows even through a plain pg client (the trigger is in the migration)", async () => {
    const scratch = await scratchPostgres("opsdeck_audit_role");
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO "AuditEvent" (seq, "eventId", at, "actorType", "actorName", action, outcome, "prevHash", hash) VALUES (1, 'e', now(), 'system', 'opsdeck', 'x', 'started', 'p', 'h')`,
      );
      await expect(client.query(`UPDATE "AuditEvent" SET hash = 'forged'`)).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
      await scratch.drop();
    }
  });
});
