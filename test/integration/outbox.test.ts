import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/infra/db";
import { enqueue } from "@/lib/outbox/enqueue";
import type { EmailPayload, OutboxInput } from "@/lib/outbox/schemas";
import { emailSender } from "@/lib/outbox/senders/email";
import { webhookSender } from "@/lib/outbox/senders/webhook";
import { claimDue } from "@/lib/outbox/store";
import { OutboxWorker } from "@/lib/outbox/worker";
import { startSmtpSink, type SmtpSink } from "../support/mail";
import { prismaFor, scratchPglite, scratchPostgres, type ScratchDb } from "../support/scratch-db";

/**
 * The outbox on a real Postgres, a real SMTP server process (stopped and restarted by the test)
 * and a real HTTP receiver: one row per dedupe key, one delivery per message with two workers
 * on separate connections, nothing lost while the mail server is down, every attempt recorded
 * with its error (no secrets), private webhook destinations refused unless allowed; and the
 * claim's SQL on the embedded database too.
 */

const SMTP_PASSWORD = "s3cret-smtp-pa55";
let scratch: ScratchDb;
let db: Db;
let db2: Db;
let sink: SmtpSink;
let receiver: Server;
let hookUrl = "";
let hookStatus = 200;
const hooks: { url: string; body: unknown }[] = [];
let offset = 0;
const now = () => Date.now() + offset;

const mail = (to: string, subject: string): EmailPayload => ({
  to,
  subject,
  text: `Hello ${to}`,
  fromName: "Acme status",
});

function worker(client: Db, id: string): OutboxWorker {
  return new OutboxWorker({
    db: async () => client,
    senders: [
      emailSender({
        settings: () => ({
          smtp: `smtp://opsdeck:${SMTP_PASSWORD}@127.0.0.1:${sink.port}`,
          from: "status@example.com",
        }),
      }),
      webhookSender({ timeoutMs: 2000 }),
    ],
    workerId: id,
    now,
  });
}

beforeAll(async () => {
  scratch = await scratchPostgres("opsdeck_outbox");
  db = scratch.db as unknown as Db;
  db2 = prismaFor(scratch.url!) as unknown as Db;
  sink = await startSmtpSink();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      hooks.push({ url: req.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString() || "null") });
      res.writeHead(hookStatus).end(hookStatus === 200 ? "thanks" : "receiver broken");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  receiver?.close();
  await sink?.destroy();
  await (db2 as unknown as { $disconnect(): Promise<void> })?.$disconnect();
  await scratch?.drop();
});

beforeEach(async () => {
  offset = 0;
  hookStatus = 200;
  hooks.length = 0;
  await db.outboxMessage.deleteMany({});
});

const row = (dedupeKey: string) => db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey } });
const attempts = (messageId: string) =>
  db.outboxAttempt.findMany({ where: { messageId }, orderBy: { attempt: "asc" } });

describe("the outbox", () => {
  it("keeps one row per dedupe key, and none for a transaction that rolled back", async () => {
    const m: OutboxInput = { channel: "email", dedupeKey: "k-1", payload: mail("a@example.com", "one") };
    expect(await enqueue(db, [m])).toBe(1);
    expect(await enqueue(db2, [m, { ...m, payload: mail("a@example.com", "changed") }])).toBe(0);
    await db
      .$transaction(async (tx) => {
        await enqueue(tx, [{ ...m, dedupeKey: "k-2" }]);
        throw new Error("the caller's write failed");
      })
      .catch(() => undefined);
    expect(await db.outboxMessage.count()).toBe(1);
    expect(((await row("k-1")).payload as EmailPayload).subject).toBe("one");
  });

  it("delivers each message once with two workers on separate connections", async () => {
    const n = 30;
    await enqueue(
      db,
      Array.from({ length: n }, (_, i) => ({
        channel: "email",
        dedupeKey: `twice-${i}`,
        payload: mail(`user${i}@example.com`, `message ${i}`),
      })),
    );
    const before = (await sink.messages()).length;
    const [a, b] = [worker(db, "worker-a"), worker(db2, "worker-b")];
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    await Promise.all([a.stop(), b.stop()]);
    const received = (await sink.messages()).slice(before);
    expect(received).toHaveLength(n);
    expect(new Set(received.map((m) => m.subject)).size).toBe(n);
    const rows = await db.outboxMessage.findMany();
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1 && r.sentAt)).toBe(true);
    const workers = await db.outboxAttempt.groupBy({ by: ["worker"], _count: true });
    expect(workers.reduce((sum, w) => sum + w._count, 0)).toBe(n);
  });

  it("keeps a message while the mail server is down, with its error, and delivers it once when it is back", async () => {
    await sink.stop();
    let down = true;
    const w = worker(db, "worker-a");
    try {
      await enqueue(
        db,
        [{ channel: "email", dedupeKey: "down", payload: mail("ana@example.com", "While down") }],
        now(),
      );
      expect(await w.tick()).toBe(1);
      let r = await row("down");
      expect(r).toMatchObject({ status: "pending", attempts: 1, sentAt: null });
      expect(r.lastError).toMatch(/ECONNREFUSED/);
      expect(r.lastError).not.toContain(SMTP_PASSWORD);
      expect(r.nextAttemptAt.getTime() - now()).toBeGreaterThan(25_000);
      expect(r.nextAttemptAt.getTime() - now()).toBeLessThanOrEqual(30_000);
      // Not due yet: nothing is tried.
      expect(await w.tick()).toBe(0);
      // Still down 31 s later: tried again, waiting twice as long.
      offset += 31_000;
      expect(await w.tick()).toBe(1);
      r = await row("down");
      expect(r.attempts).toBe(2);
      expect(r.nextAttemptAt.getTime() - now()).toBeGreaterThan(55_000);

      await sink.start();
      down = false;
      const before = (await sink.messages()).length;
      offset += 61_000;
      expect(await w.tick()).toBe(1);
      expect(await w.tick()).toBe(0);
      r = await row("down");
      expect(r).toMatchObject({ status: "sent", attempts: 3, lastError: null });
      expect(r.lastResponse).toMatch(/^250/);
      const received = (await sink.messages()).slice(before);
      expect(received.map((m) => [m.to, m.subject])).toEqual([[["ana@example.com"], "While down"]]);
      expect(received[0].headers.get("from")).toBe("Acme status <status@example.com>");
      expect((await attempts(r.id)).map((a) => a.ok)).toEqual([false, false, true]);
    } finally {
      await w.stop();
      if (down) await sink.start();
    }
  });

  it("refuses a recipient the server refuses for good, and keeps the row with the reason", async () => {
    const w = worker(db, "worker-a");
    await enqueue(db, [{ channel: "email", dedupeKey: "bounce", payload: mail("bounce@example.com", "x") }]);
    await w.tick();
    await w.stop();
    const r = await row("bounce");
    expect(r).toMatchObject({ status: "failed", attempts: 1 });
    expect(r.lastError).toMatch(/550/);
  });

  it("retries a webhook that does not answer 2xx, recording the response, not the URL's token", async () => {
    const w = worker(db, "worker-a");
    hookStatus = 500;
    const url = `${hookUrl}/in?token=hook-secret-123`;
    await enqueue(db, [
      { channel: "webhook", dedupeKey: "hook", payload: { url, body: { hello: 1 }, allowPrivate: true } },
    ]);
    await w.tick();
    let r = await row("hook");
    expect(r).toMatchObject({ status: "pending", attempts: 1 });
    expect(r.lastError).toBe(`HTTP 500 from ${hookUrl}`);
    expect(r.lastResponse).toBe("HTTP 500: receiver broken");
    const [first] = await attempts(r.id);
    expect([first.ok, first.error, first.response]).toEqual([false, r.lastError, r.lastResponse]);
    hookStatus = 200;
    offset += 31_000;
    await w.tick();
    await w.stop();
    r = await row("hook");
    expect(r).toMatchObject({ status: "sent", attempts: 2 });
    expect(hooks.map((h) => [h.url, h.body])).toEqual([
      ["/in?token=hook-secret-123", { hello: 1 }],
      ["/in?token=hook-secret-123", { hello: 1 }],
    ]);
  });

  it("refuses private webhook destinations, by address or by name, unless the message allows them", async () => {
    const port = new URL(hookUrl).port;
    await enqueue(db, [
      { channel: "webhook", dedupeKey: "ip", payload: { url: `${hookUrl}/a`, body: {} } },
      { channel: "webhook", dedupeKey: "name", payload: { url: `http://localhost:${port}/b`, body: {} } },
      {
        channel: "webhook",
        dedupeKey: "allowed",
        payload: { url: `${hookUrl}/c`, body: {}, allowPrivate: true },
      },
    ]);
    const w = worker(db, "worker-a");
    await w.tick();
    await w.stop();
    for (const key of ["ip", "name"]) {
      const r = await row(key);
      expect(r.status, key).toBe("failed");
      expect(r.lastError, key).toMatch(/^refused: .*(127\.0\.0\.1|::1).* private, loopback or link-local/);
    }
    expect((await row("allowed")).status).toBe("sent");
    expect(hooks.map((h) => h.url)).toEqual(["/c"]);
  });

  it("leases a claim: another worker cannot take it until the lease runs out", async () => {
    await enqueue(db, [
      {
        channel: "webhook",
        dedupeKey: "lease",
        payload: { url: `${hookUrl}/l`, body: {}, allowPrivate: true },
      },
    ]);
    // A process claims it and dies before sending.
    const [claimed] = await claimDue(db, { channels: ["webhook"], limit: 10, leaseMs: 120_000, now: now() });
    expect(claimed.attempt).toBe(1);
    const w = worker(db2, "worker-b");
    expect(await w.tick()).toBe(0);
    offset += 121_000;
    expect(await w.tick()).toBe(1);
    await w.stop();
    expect(await row("lease")).toMatchObject({ status: "sent", attempts: 2 });
    expect(hooks).toHaveLength(1);
  });

  it("claims and records on the embedded database too", async () => {
    const lite = await scratchPglite();
    try {
      const client = lite.db as unknown as Db;
      await enqueue(client, [
        {
          channel: "webhook",
          dedupeKey: "lite",
          payload: { url: `${hookUrl}/lite`, body: { ok: true }, allowPrivate: true },
        },
      ]);
      const w = worker(client, "worker-lite");
      expect(await w.tick()).toBe(1);
      await w.stop();
      expect(await client.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "lite" } })).toMatchObject({
        status: "sent",
        attempts: 1,
      });
      expect(await client.outboxAttempt.count()).toBe(1);
      expect(hooks.map((h) => h.url)).toEqual(["/lite"]);
    } finally {
      await lite.drop();
    }
  });
});
