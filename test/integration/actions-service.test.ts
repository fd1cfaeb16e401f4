import os from "node:os";
import path from "node:path";
import { rm, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlreadyRunning } from "@/lib/actions/service";
import { verifyChain } from "@/lib/audit/verify";
import { Forbidden, Unavailable } from "@/lib/errors";
import { runContainer, removeContainer, testGateway, type TestContainer } from "../support/docker";
import { actionHarness, actorFor, catalogOf, countingGateway, type ActionHarness } from "../support/actions";
import { migrate, prismaFor, scratchPostgres, type ScratchDb } from "../support/scratch-db";
import { createPrivatePostgres, type PrivatePostgres } from "../support/private-postgres";

const gateway = testGateway();
const startedAt = async (id: string) => (await gateway.inspectContainer(id)).startedAt?.getTime();

function apiService(c: TestContainer) {
  return { id: "api", name: "api", containers: [{ id: c.id, name: c.name, state: "running" }] };
}

describe("running actions", () => {
  let scratch: ScratchDb;
  let container: TestContainer;
  let h: ActionHarness;
  beforeAll(async () => {
    scratch = await scratchPostgres("opsdeck_actions");
    container = await runContainer();
    h = await actionHarness({
      db: async () => scratch.db,
      docker: gateway,
      catalog: catalogOf([apiService(container)]),
      redisUrl: process.env.TEST_REDIS_URL,
    });
  });
  afterAll(async () => {
    await h.close();
    await removeContainer(container.id);
    await scratch.drop();
  });

  it("runs one of 50 concurrent restarts of the same container; the others hear who is running it", async () => {
    const before = await startedAt(container.id);
    const operator = actorFor("operator");
    const attempts = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        h.service.start(operator, {
          serviceId: "api",
          actionId: "restart",
          params: { container: container.name, timeout_s: 1 },
        }),
      ),
    );
    const started = attempts.filter((a) => a.status === "fulfilled");
    const refused = attempts
      .filter((a) => a.status === "rejected")
      .map((a) => (a as PromiseRejectedResult).reason);
    expect(started).toHaveLength(1);
    expect(refused).toHaveLength(49);
    const runId = (started[0] as PromiseFulfilledResult<{ runId: string }>).value.runId;
    for (const r of refused) {
      expect(r).toBeInstanceOf(AlreadyRunning);
      expect(r.runId).toBe(runId);
      expect(r.message).toMatch(/^already running, started by operator@test.local at \d{4}-/);
    }
    const run = await (
      started[0] as PromiseFulfilledResult<{ done: Promise<{ status: string; result: unknown }> }>
    ).value.done;
    expect(run.status).toBe("succeeded");
    expect(await startedAt(container.id)).toBeGreaterThan(before!);
    const events = await scratch.db.auditEvent.findMany({ where: { runId }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.outcome)).toEqual(["started", "succeeded"]);
    expect(events[0]).toMatchObject({
      action: "container.restart",
      actorName: "operator@test.local",
      role: "operator",
    });
    await h.runs.saved(runId);
    expect(await scratch.db.actionRun.findUnique({ where: { id: runId } })).toMatchObject({
      status: "succeeded",
    });
    // The lock is released: the next click runs.
    const again = await h.service.start(operator, {
      serviceId: "api",
      actionId: "restart",
      params: { container: container.name, timeout_s: 1 },
    });
    expect((await again.done).status).toBe("succeeded");
  });

  it("refuses a viewer, audits the attempt as denied, and leaves the container alone", async () => {
    const before = await startedAt(container.id);
    const attempt = h.service.start(actorFor("viewer"), {
      serviceId: "api",
      actionId: "restart",
      params: { container: container.name, timeout_s: 1 },
    });
    await expect(attempt).rejects.toBeInstanceOf(Forbidden);
    await expect(attempt).rejects.toThrow(/needs the actions.run.safe permission/);
    const denied = await scratch.db.auditEvent.findFirst({
      where: { outcome: "denied", actorName: "viewer@test.local" },
    });
    expect(denied).toMatchObject({ action: "container.restart", target: "api" });
    expect(await startedAt(container.id)).toBe(before);
  });

  it("refuses every action while actions are disabled for the stack, saying where to turn them on", async () => {
    const catalog = catalogOf([apiService(container)]);
    catalog.stacks[0].actionsEnabled = false;
    h.setCatalog(catalog);
    try {
      await expect(
        h.service.start(actorFor("admin"), {
          serviceId: "api",
          actionId: "restart",
          params: { container: container.name, timeout_s: 1 },
        }),
      ).rejects.toThrow(/actions are disabled for stack shop \(stacks\[\]\.actions\.enabled\)/);
      expect((await h.service.list("api", "admin")).every((a) => !a.allowed)).toBe(true);
    } finally {
      h.setCatalog(catalogOf([apiService(container)]));
    }
    expect((await verifyChain(scratch.db)).ok).toBe(true);
  });

  it("lists what a role may run", async () => {
    const viewer = await h.service.list("api", "viewer");
    const operator = await h.service.list("api", "operator");
    expect(viewer.find((a) => a.id === "restart")).toMatchObject({
      allowed: false,
      disabledReason: "needs actions.run.safe",
    });
    expect(operator.find((a) => a.id === "restart")).toMatchObject({
      allowed: true,
      confirm: "confirm",
      params: expect.arrayContaining([
        expect.objectContaining({ name: "container", type: "enum", values: [container.name] }),
      ]),
    });
  });
});

describe("fail-closed audit", () => {
  let pgServer: PrivatePostgres;
  let db: ReturnType<typeof prismaFor>;
  let container: TestContainer;
  beforeAll(async () => {
    pgServer = await createPrivatePostgres();
    await pgServer.start();
    await migrate(pgServer.url);
    db = prismaFor(pgServer.url);
    container = await runContainer();
  }, 120_000);
  afterAll(async () => {
    await db.$disconnect().catch(() => undefined);
    await pgServer.destroy();
    await removeContainer(container.id);
  });

  it("with Postgres stopped, runs the action with its audit in the journal, then drains and verifies", async () => {
    const h = await actionHarness({
      db: async () => db,
      docker: gateway,
      catalog: catalogOf([apiService(container)]),
    });
    try {
      await pgServer.stop();
      const before = await startedAt(container.id);
      const { runId, done } = await h.service.start(actorFor("operator"), {
        serviceId: "api",
        actionId: "restart",
        params: { container: container.name, timeout_s: 1 },
      });
      expect((await done).status).toBe("succeeded");
      expect(await startedAt(container.id)).toBeGreaterThan(before!);
      expect(
        h.writer.journal
          .read()
          .filter((e) => e.runId === runId)
          .map((e) => e.outcome),
      ).toEqual(["started", "succeeded"]);

      await pgServer.start();
      await expect.poll(() => h.writer.pendingInJournal, { timeout: 20_000, interval: 200 }).toBe(0);
      const events = await db.auditEvent.findMany({ where: { runId }, orderBy: { seq: "asc" } });
      expect(events.map((e) => e.outcome)).toEqual(["started", "succeeded"]);
      expect(await verifyChain(db)).toMatchObject({ ok: true });
      // The run row is retried until the database is back.
      await expect
        .poll(async () => (await db.actionRun.findUnique({ where: { id: runId } }))?.status, {
          timeout: 30_000,
        })
        .toBe("succeeded");
    } finally {
      await h.close();
    }
  }, 120_000);

  it("keeps an outcome the audit log cannot take, says so on the run, and writes it when the log is back", async () => {
    const journalDir = path.join(os.tmpdir(), `opsdeck-outcome-${Date.now()}`);
    const h = await actionHarness({
      db: async () => db,
      docker: gateway,
      catalog: catalogOf([apiService(container)]),
      journalFile: path.join(journalDir, "journal.jsonl"),
      dbTimeoutMs: 1500,
    });
    try {
      const before = await startedAt(container.id);
      // The container's sleep ignores SIGTERM: the restart takes timeout_s, time to break the log.
      const { runId, done } = await h.service.start(actorFor("operator"), {
        serviceId: "api",
        actionId: "restart",
        params: { container: container.name, timeout_s: 4 },
      });
      await pgServer.stop();
      await writeFile(journalDir, "a file where the journal's folder should be");
      const run = await done;
      expect(run.status).toBe("succeeded");
      expect(await startedAt(container.id)).toBeGreaterThan(before!);
      expect(run.output.map((l) => l.text).join("\n")).toMatch(/success is not in the audit log yet/);
      expect(h.writer.pendingOutcomes).toBe(1);

      // The journal can be written again: the kept outcome lands there, then in the database.
      await rm(journalDir);
      await expect.poll(() => h.writer.pendingOutcomes, { timeout: 20_000, interval: 200 }).toBe(0);
      await pgServer.start();
      await expect.poll(() => h.writer.pendingInJournal, { timeout: 20_000, interval: 200 }).toBe(0);
      const events = await db.auditEvent.findMany({ where: { runId }, orderBy: { seq: "asc" } });
      expect(events.map((e) => e.outcome)).toEqual(["started", "succeeded"]);
      expect(await verifyChain(db)).toMatchObject({ ok: true });
      // The run's lock, whose release failed during the outage, is released once the database is back.
      await expect.poll(() => db.actionLock.count(), { timeout: 20_000, interval: 500 }).toBe(0);
    } finally {
      await h.close();
      await rm(journalDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("with Postgres stopped and the journal unwritable, refuses and nothing reaches the container", async () => {
    const { gateway: counted, calls } = countingGateway(gateway);
    const blockedDir = path.join(
      await import("node:os").then((os) => os.tmpdir()),
      `opsdeck-blocked-${Date.now()}`,
    );
    await writeFile(blockedDir, "a file where the journal's folder should be");
    const h = await actionHarness({
      db: async () => db,
      docker: counted,
      catalog: catalogOf([apiService(container)]),
      journalFile: path.join(blockedDir, "journal.jsonl"),
      dbTimeoutMs: 2000,
    });
    try {
      await pgServer.stop();
      const before = await startedAt(container.id);
      const attempt = h.service.start(actorFor("operator"), {
        serviceId: "api",
        actionId: "restart",
        params: { container: container.name, timeout_s: 1 },
      });
      await expect(attempt).rejects.toBeInstanceOf(Unavailable);
      await expect(attempt).rejects.toThrow(/audit log cannot be written/);
      expect(calls).toEqual([]);
      expect(await startedAt(container.id)).toBe(before);
      // The lock was released: once the audit log is writable again the action runs.
      await pgServer.start();
      const ok = await h.service.start(actorFor("operator"), {
        serviceId: "api",
        actionId: "restart",
        params: { container: container.name, timeout_s: 1 },
      });
      const final = await ok.done;
      expect(final.error).toBeUndefined();
      expect(final.status).toBe("succeeded");
    } finally {
      await h.close();
    }
  }, 120_000);
});
