import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit/schemas";
import { MemoryCounterStore } from "@/lib/auth/rate-limit";
import type { OpsdeckConfig } from "@/lib/catalog/schemas";
import type { Db } from "@/lib/infra/db";
import { IncidentService } from "@/lib/incidents/service";
import { DEFAULT_SEVERITIES } from "@/lib/incidents/severity";
import type { WindowDef } from "@/lib/maintenance/types";
import { emailSender } from "@/lib/outbox/senders/email";
import { webhookSender } from "@/lib/outbox/senders/webhook";
import { OutboxWorker } from "@/lib/outbox/worker";
import type { HealthState } from "@/lib/probes/types";
import { nodeStatusHandler } from "@/lib/status-page/node-handler";
import { StatusPublisher } from "@/lib/status-page/publisher";
import { serveStatusAsync } from "@/lib/status-page/serve";
import { SnapshotStore } from "@/lib/status-page/store";
import type { SubscriptionDeps } from "@/lib/status-page/subscriptions/deps";
import { SignupLimiter } from "@/lib/status-page/subscriptions/limits";
import { StatusNotifier } from "@/lib/status-page/subscriptions/notifier";
import { diffSnapshots } from "@/lib/status-page/subscriptions/notify";
import { pagePolicy } from "@/lib/status-page/subscriptions/policy";
import { subscriptionRoutes } from "@/lib/status-page/subscriptions/routes";
import type { PublicSnapshot } from "@/lib/status-page/types";
import { waitFor } from "../support/docker";
import { config, startEngine, type EngineHarness } from "../support/engine";
import { startSmtpSink, type ReceivedMail, type SmtpSink } from "../support/mail";
import { prismaFor, scratchPglite, scratchPostgres, type ScratchDb } from "../support/scratch-db";

/**
 * Subscriptions end to end: a real monitor and incident service publish the page, the notifier
 * turns each publication into outbox messages, two outbox workers (separate connections) deliver
 * them to a real SMTP server process and a real HTTP receiver, and the public routes are served
 * by the Node handler scripts/server.mjs uses. Each scenario asserts what a subscriber receives.
 */

const ana: Actor = {
  type: "user",
  id: "u-ana",
  name: "ana@example.com",
  role: "operator",
  requestId: "req-sub",
};
const SECRET = "status-subscriptions-test-secret-0123456789";
const ORIGIN = "https://status.example.com";
let scratch: ScratchDb;
let db: Db;
let db2: Db;
let sink: SmtpSink;
let target: Server;
let targetUrl = "";
let receiver: Server;
let hookBase = "";
const hooks: { url: string; body: Record<string, unknown> }[] = [];
let dir: string;
let h: EngineHarness;
let cfg: OpsdeckConfig;
let store: SnapshotStore;
let publisher: StatusPublisher;
let notifier: StatusNotifier;
let incidents: IncidentService;
let workers: OutboxWorker[] = [];
let server: Server;
let base = "";
let deps: SubscriptionDeps;
const extraWindows: WindowDef[] = [];

const yaml = (open = true) => `
version: 1
settings:
  defaultInterval: 1s
  defaultTimeout: 1s
  failuresBeforeDown: 1
  discoverContainers: false
  mail: { smtp: "smtp://opsdeck:mail-pass@127.0.0.1:${sink.port}", from: status@example.com }
services:
  - id: checkout-api
    checks:
      - { id: health, kind: http, url: "${targetUrl}/health", expect: ["status == 200"] }
  - id: search-db
    checks:
      - { id: ping, kind: http, url: "${targetUrl}/ping", expect: ["status == 200"] }
statusPages:
  - id: customers
    title: Acme status
    default: true
    subscriptions: { email: true, webhook: true, allowPrivateWebhooks: true, open: ${open} }
    components:
      - { name: Checkout, services: [checkout-api] }
      - name: Data
        components:
          - { name: Search, services: [search-db] }
  - id: public
    title: Public status
    subscriptions: { email: true, webhook: true }
    components:
      - { name: Checkout, services: [checkout-api] }
`;

beforeAll(async () => {
  sink = await startSmtpSink();
  target = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      hooks.push({ url: req.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString()) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  scratch = await scratchPostgres("opsdeck_subs");
  db = scratch.db as unknown as Db;
  db2 = prismaFor(scratch.url!) as unknown as Db;
  dir = await mkdtemp(path.join(os.tmpdir(), "opsdeck-subs-"));
  cfg = config(yaml());
  h = startEngine({ config: cfg, getDb: async () => db });
  store = new SnapshotStore();
  const policy = async (pageId: string) => pagePolicy(cfg, pageId);
  const nudge = () => workers.forEach((w) => w.nudge());
  notifier = new StatusNotifier({
    db: async () => db,
    policy,
    siteOrigin: () => ORIGIN,
    secret: () => SECRET,
    onEnqueued: nudge,
  });
  publisher = new StatusPublisher({
    dir: path.join(dir, "status"),
    store,
    siteOrigin: () => ORIGIN,
    config: () => cfg,
    catalog: () => h.engine.currentCatalog(),
    health: () => new Map<string, HealthState>(h.engine.snapshot().services.map((s) => [s.id, s.status])),
    windows: () => [...h.engine.maintenanceWindows(), ...extraWindows],
    db: async () => db,
    onSnapshots: (changes) => notifier.published(changes),
    debounceMs: 50,
    refreshMs: 60_000,
  });
  incidents = new IncidentService({
    db: async () => db,
    severities: () => DEFAULT_SEVERITIES,
    dependencies: () => [],
    onChange: () => publisher.request(),
  });
  workers = [db, db2].map(
    (client, i) =>
      new OutboxWorker({
        db: async () => client,
        senders: [emailSender({ settings: () => cfg.settings.mail }), webhookSender({ timeoutMs: 2000 })],
        workerId: `worker-${i}`,
        pollMs: 100,
      }),
  );
  workers.forEach((w) => w.start());
  deps = {
    db: async () => db,
    policy,
    snapshot: (pageId) => {
      const f = store.get(`${pageId}/status.json`);
      return f ? (JSON.parse(f.body.toString()) as PublicSnapshot) : null;
    },
    siteOrigin: () => ORIGIN,
    secret: () => SECRET,
    limiter: new SignupLimiter(new MemoryCounterStore()),
    onEnqueued: nudge,
  };
  server = createServer(
    nodeStatusHandler(
      store,
      (req) => String(req.headers["x-test-client"] ?? "192.0.2.1"),
      subscriptionRoutes(deps),
    ),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`;
  publisher.start();
  await waitFor(() => store.get("customers/status.json"), "the first publication", { timeoutMs: 10_000 });
}, 120_000);

afterAll(async () => {
  publisher?.stop();
  await notifier?.idle();
  await Promise.all(workers.map((w) => w.stop()));
  await h?.stop();
  server?.close();
  target?.close();
  receiver?.close();
  await sink?.destroy();
  await (db2 as unknown as { $disconnect(): Promise<void> })?.$disconnect();
  await scratch?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function post(pathname: string, fields: [string, string][], client = "192.0.2.1") {
  return fetch(`${base}/${pathname}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Test-Client": client },
    redirect: "manual",
  });
}

const current = () => JSON.parse(store.get("customers/status.json")!.body.toString()) as PublicSnapshot;

const mailsTo = async (address: string): Promise<ReceivedMail[]> =>
  (await sink.messages()).filter((m) => m.to.includes(address));

async function waitMails(address: string, count: number): Promise<ReceivedMail[]> {
  return waitFor(
    async () => {
      const m = await mailsTo(address);
      return m.length >= count ? m : undefined;
    },
    `${count} mails to ${address}`,
    { timeoutMs: 10_000, intervalMs: 50 },
  );
}

/** Every publication so far turned into messages, and every message delivered (or failed). */
async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 150)); // the publisher's debounce
  await publisher.publishNow();
  await notifier.idle();
  await waitFor(
    async () => (await db.outboxMessage.count({ where: { status: "pending" } })) === 0,
    "the outbox drained",
    { timeoutMs: 10_000, intervalMs: 50 },
  );
  // Several polls of both workers: anything sent twice would arrive now.
  await new Promise((r) => setTimeout(r, 400));
}

/** A local URL for a link in a mail (links point at the configured public origin). */
const local = (link: string) => link.replace(`${ORIGIN}/status`, base);
const linkIn = (text: string, kind: "confirm" | "unsubscribe") =>
  new RegExp(
    `${ORIGIN}/status/[a-z-]+/${kind === "confirm" ? "subscribe/confirm" : "unsubscribe"}\\?token=[^\\s>]+`,
  ).exec(text)![0];

async function subscribeConfirmed(email: string, components: string[] = []): Promise<void> {
  const res = await post("customers/subscribe", [
    ["email", email],
    ...components.map((c): [string, string] => ["components", c]),
  ]);
  expect(res.status).toBe(200);
  const [confirmation] = await waitMails(email, 1);
  const confirm = new URL(local(linkIn(confirmation.text, "confirm")));
  const ok = await post(`customers/subscribe/confirm`, [["token", confirm.searchParams.get("token")!]]);
  expect(ok.status).toBe(200);
}

let checkoutIncident = "";

describe("status page subscriptions", () => {
  it("double opt-in: only the confirmation mail before confirming; its link's GET shows a button, only the POST confirms", async () => {
    const res = await post("customers/subscribe", [["email", "Ana@Example.com"]]);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const answer = await res.text();
    expect(answer).toContain("If this address can receive mail, a confirmation is on its way");

    const [confirmation] = await waitMails("ana@example.com", 1);
    expect(confirmation.subject).toBe("[Acme status] Confirm your subscription");
    expect(confirmation.headers.get("from")).toBe("Acme status <status@example.com>");
    expect(confirmation.headers.get("auto-submitted")).toBe("auto-generated");
    const link = linkIn(confirmation.text, "confirm");
    expect(confirmation.html).toContain(link.replace(/&/g, "&amp;"));
    // The same address again: the same answer, no second mail; a confirmed one would get the same.
    expect(await (await post("customers/subscribe", [["email", "ana@example.com"]])).text()).toBe(answer);

    // An incident update published before the confirmation reaches nobody.
    const incident = await incidents.declare(ana, {
      title: "INTERNAL: pgbouncer pool exhausted on db-7",
      severity: "P2",
      services: ["checkout-api"],
    });
    checkoutIncident = incident.id;
    await incidents.record(ana, incident.id, {
      text: "Some payments fail; we are looking into it.",
      visibility: "public",
      title: "Payments failing",
      impact: "major_outage",
    });
    await settle();
    expect(await mailsTo("ana@example.com")).toHaveLength(1);

    const page = await fetch(local(link));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<button type="submit">Confirm</button>');
    expect(html).not.toMatch(/<script/);
    const row = await db.statusSubscriber.findFirstOrThrow({ where: { address: "ana@example.com" } });
    expect(row.confirmedAt).toBeNull();
    expect(row.confirmTokenHash).not.toContain(new URL(link).searchParams.get("token"));

    const token = new URL(link).searchParams.get("token")!;
    const confirmed = await post("customers/subscribe/confirm", [["token", token]]);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("You are subscribed");
    expect(
      (await db.statusSubscriber.findUniqueOrThrow({ where: { id: row.id } })).confirmedAt,
    ).not.toBeNull();
    expect((await post("customers/subscribe/confirm", [["token", token]])).status).toBe(404);
  });

  it("delivers a public update once to a confirmed email subscriber and to a webhook, with two workers running", async () => {
    const hook = await post("customers/subscribe", [["webhook", `${hookBase}/hook?token=abc123`]]);
    expect(hook.status).toBe(200);
    expect(await hook.text()).toContain("The webhook is subscribed");
    const mailsBefore = (await mailsTo("ana@example.com")).length;
    const told = (await db.statusNotifyState.findUniqueOrThrow({ where: { pageId: "customers" } })).snapshot;

    await incidents.setStatus(ana, checkoutIncident, "identified");
    await incidents.record(ana, checkoutIncident, {
      text: "A bad deploy; rolling back.",
      visibility: "public",
    });
    await settle();

    const mails = (await mailsTo("ana@example.com")).slice(mailsBefore);
    expect(mails).toHaveLength(1);
    const [m] = mails;
    expect(m.subject).toBe("[Acme status] Payments failing — Identified");
    expect(m.text).toContain("A bad deploy; rolling back.");
    expect(m.text).toContain("Affected: Checkout");
    expect(m.text).not.toContain("pgbouncer");
    expect(m.html).not.toContain("pgbouncer");
    expect(m.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(m.headers.get("list-unsubscribe")).toMatch(
      new RegExp(`^<${ORIGIN}/status/customers/unsubscribe\\?token=`),
    );

    expect(hooks).toHaveLength(1);
    expect(hooks[0].url).toBe("/hook?token=abc123");
    const body = hooks[0].body as {
      page: unknown;
      event: { type: string; update: { text: string } };
      incident: { title: string; components: unknown };
      unsubscribe: string;
    };
    expect(body.page).toEqual({ id: "customers", title: "Acme status", url: `${ORIGIN}/status/customers` });
    expect(body.event).toMatchObject({
      type: "incident.updated",
      update: { text: "A bad deploy; rolling back." },
    });
    expect(body.incident).toMatchObject({
      title: "Payments failing",
      components: [{ id: "checkout", name: "Checkout" }],
    });
    expect(body.unsubscribe).toMatch(new RegExp(`^${ORIGIN}/status/customers/unsubscribe\\?token=`));
    expect(JSON.stringify(body)).not.toContain("pgbouncer");

    const rows = await db.outboxMessage.findMany({
      where: { dedupeKey: { startsWith: "status:customers:" } },
    });
    expect(rows.map((r) => [r.channel, r.status, r.attempts]).sort()).toEqual([
      ["email", "sent", 1],
      ["webhook", "sent", 1],
    ]);
    expect(await db.outboxAttempt.count({ where: { messageId: { in: rows.map((r) => r.id) } } })).toBe(2);

    // A replay (a replica, or a restart, comparing with an older state) queues nothing new.
    expect(diffSnapshots(told as unknown as PublicSnapshot, current()).map((e) => e.type)).toEqual([
      "incident.updated",
    ]);
    await db.statusNotifyState.update({ where: { pageId: "customers" }, data: { snapshot: told as never } });
    notifier.published([{ pageId: "customers", previous: null, next: current() }]);
    await settle();
    expect(await db.outboxMessage.count({ where: { dedupeKey: { startsWith: "status:customers:" } } })).toBe(
      2,
    );
    expect(hooks).toHaveLength(1);
    expect((await mailsTo("ana@example.com")).slice(mailsBefore)).toHaveLength(1);
  });

  it("follows a subscriber's components: an incident elsewhere on the page sends nothing to them", async () => {
    await subscribeConfirmed("bob@example.com", ["search"]);
    const before = {
      ana: (await mailsTo("ana@example.com")).length,
      bob: (await mailsTo("bob@example.com")).length,
    };
    await incidents.record(ana, checkoutIncident, {
      text: "Rollback done; payments recovering.",
      visibility: "public",
    });
    await settle();
    expect((await mailsTo("ana@example.com")).length).toBe(before.ana + 1);
    expect((await mailsTo("bob@example.com")).length).toBe(before.bob);

    const search = await incidents.declare(ana, {
      title: "search slow",
      severity: "P3",
      services: ["search-db"],
    });
    await incidents.record(ana, search.id, {
      text: "Searches are slow.",
      visibility: "public",
      title: "Slow search",
    });
    await settle();
    await incidents.setStatus(ana, search.id, "resolved");
    await settle();
    const bob = (await mailsTo("bob@example.com")).slice(before.bob).map((m) => m.subject);
    expect(bob).toEqual([
      "[Acme status] Slow search — Investigating",
      "[Acme status] Slow search — Resolved",
    ]);
    // The group's webhook (whole page) heard both as well.
    expect(hooks.map((x) => (x.body.event as { type: string }).type)).toEqual([
      "incident.updated",
      "incident.updated",
      "incident.published",
      "incident.resolved",
    ]);
  });

  it("announces maintenance ahead, at start and at end, and says nothing of an incident inside it", async () => {
    const before = (await mailsTo("bob@example.com")).length;
    const hooksBefore = hooks.length;
    const start = Date.now() + 1500;
    extraWindows.push({
      id: "test:reindex",
      source: "console",
      title: "Search reindex",
      description: "Search may be slow.",
      notes: "INTERNAL: run reindex.sh on db-7",
      owner: "ops",
      scope: { services: ["search-db"], stacks: [], tags: [] },
      timing: { kind: "once", start, end: start + 3000 },
      playbook: null,
      announceMs: null,
      endedAt: null,
      cancelledAt: null,
    });
    await settle();
    await waitFor(() => Date.now() > start + 100, "the window's start", { timeoutMs: 5000 });
    await settle();
    const inside = await incidents.declare(ana, {
      title: "reindex side effect",
      severity: "P3",
      services: ["search-db"],
    });
    await incidents.record(ana, inside.id, {
      text: "Search errors during the reindex.",
      visibility: "public",
      title: "Search errors",
    });
    await settle();
    expect(current().incidents.map((i) => i.title)).toContain("Search errors");
    await waitFor(() => Date.now() > start + 3100, "the window's end", { timeoutMs: 5000 });
    await settle();

    const bob = (await mailsTo("bob@example.com")).slice(before);
    expect(bob.map((m) => m.subject)).toEqual([
      "[Acme status] Scheduled maintenance: Search reindex",
      "[Acme status] Maintenance started: Search reindex",
      "[Acme status] Maintenance completed: Search reindex",
    ]);
    expect(bob[0].text).toContain("Search may be slow.");
    expect(bob.map((m) => m.text).join("")).not.toContain("reindex.sh");
    expect(hooks.slice(hooksBefore).map((x) => (x.body.event as { type: string }).type)).toEqual([
      "maintenance.scheduled",
      "maintenance.started",
      "maintenance.completed",
    ]);
  });

  it("stops all mail after a one-click unsubscribe (RFC 8058), and a GET of the link unsubscribes nobody", async () => {
    const last = (await mailsTo("ana@example.com")).at(-1)!;
    const link = /^<(.+)>$/.exec(last.headers.get("list-unsubscribe")!)![1];
    const look = await fetch(local(link));
    expect(look.status).toBe(200);
    expect(await look.text()).toContain('<button type="submit">Unsubscribe</button>');
    expect(await db.statusSubscriber.count({ where: { address: "ana@example.com" } })).toBe(1);

    const oneClick = await fetch(local(link), {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(oneClick.status).toBe(200);
    expect(await db.statusSubscriber.count({ where: { address: "ana@example.com" } })).toBe(0);
    const count = (await mailsTo("ana@example.com")).length;
    const hooksBefore = hooks.length;
    await incidents.setStatus(ana, checkoutIncident, "resolved");
    await settle();
    expect(hooks.length).toBe(hooksBefore + 1);
    expect(await mailsTo("ana@example.com")).toHaveLength(count);
    // The link keeps saying so; a forged one is refused.
    expect((await fetch(local(link), { method: "POST" })).status).toBe(200);
    expect((await fetch(local(link.replace(/token=[^.]+/, "token=forged")), { method: "POST" })).status).toBe(
      400,
    );
  });

  it("refuses new sign-ups when closed, and still notifies existing subscribers", async () => {
    cfg = config(yaml(false));
    try {
      await settle();
      expect(await (await fetch(`${base}/customers`)).text()).not.toContain(
        'action="/status/customers/subscribe"',
      );
      const res = await post("customers/subscribe", [["email", "carol@example.com"]], "192.0.2.50");
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("Sign-ups are closed for this page");
      expect(await db.statusSubscriber.count({ where: { address: "carol@example.com" } })).toBe(0);

      const before = (await mailsTo("bob@example.com")).length;
      const search = await incidents.declare(ana, {
        title: "again",
        severity: "P3",
        services: ["search-db"],
      });
      await incidents.record(ana, search.id, {
        text: "Search is down.",
        visibility: "public",
        title: "Search down",
      });
      await settle();
      expect((await mailsTo("bob@example.com")).slice(before).map((m) => m.subject)).toEqual([
        "[Acme status] Search down — Investigating",
      ]);
    } finally {
      cfg = config(yaml());
      await settle();
    }
    expect(await (await fetch(`${base}/customers`)).text()).toContain('action="/status/customers/subscribe"');
  });

  it("limits sign-ups per subscriber address and per client address", async () => {
    const dave = (client: string) => post("customers/subscribe", [["email", "dave@example.com"]], client);
    expect([
      (await dave("192.0.2.60")).status,
      (await dave("192.0.2.61")).status,
      (await dave("192.0.2.62")).status,
    ]).toEqual([200, 200, 200]);
    const refused = await dave("192.0.2.63");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBeTruthy();
    expect(await refused.text()).toContain("Too many sign-ups for this address");

    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push(
        (await post("customers/subscribe", [["email", `flood${i}@example.com`]], "192.0.2.99")).status,
      );
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    expect(await db.statusSubscriber.count({ where: { address: "flood10@example.com" } })).toBe(0);
  });

  it("refuses webhooks to private addresses on a page that does not allow them, by address or by name", async () => {
    for (const url of [
      `${hookBase}/x`,
      `http://localhost:${new URL(hookBase).port}/x`,
      "http://169.254.169.254/latest",
    ]) {
      const res = await post("public/subscribe", [["webhook", url]], "192.0.2.70");
      expect(res.status, url).toBe(400);
      expect(await res.text()).toContain("private, loopback or link-local");
    }
    expect(await db.statusSubscriber.count({ where: { pageId: "public" } })).toBe(0);
  });

  it("answers bad input plainly, and 503 when the database is down while the page keeps serving", async () => {
    const bad = await post("customers/subscribe", [["email", "nope"]], "192.0.2.80");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Email: that is not an email address.");
    expect(
      (
        await post(
          "customers/subscribe",
          [
            ["email", "x@example.com"],
            ["components", "nope"],
          ],
          "192.0.2.80",
        )
      ).status,
    ).toBe(400);

    const down = subscriptionRoutes({
      ...deps,
      db: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432")),
    });
    const req = (p: string, method = "POST") => ({
      method,
      path: p,
      headers: { get: () => null },
      body: new URLSearchParams({ email: "erin@example.com" }),
      query: new URLSearchParams(),
      clientIp: "192.0.2.81",
    });
    const r = await serveStatusAsync(store, req("customers/subscribe"), down);
    expect(r.status).toBe(503);
    expect(String(r.body)).toContain(
      "Subscriptions are unavailable right now; the status page itself is up to date.",
    );
    expect(r.headers["Content-Security-Policy"]).toContain("default-src 'none'");
    expect((await serveStatusAsync(store, req("customers/subscribe"), null)).status).toBe(503);
    const page = await serveStatusAsync(store, req("customers", "GET"), down);
    expect(page.status).toBe(200);
  });
  // Last: opening an embedded database holds the event loop for seconds (idle keep-alive sockets close).
  it("queues each event once on the embedded database too, comparing with the state it stored", async () => {
    const lite = await scratchPglite();
    try {
      const client = lite.db as unknown as Db;
      await client.statusSubscriber.create({
        data: {
          id: "lite-hook",
          pageId: "customers",
          kind: "webhook",
          address: `${hookBase}/lite`,
          components: [],
          createdAt: new Date(),
          confirmedAt: new Date(),
        },
      });
      const n = new StatusNotifier({
        db: async () => client,
        policy: async (pageId) => pagePolicy(cfg, pageId),
        siteOrigin: () => ORIGIN,
        secret: () => SECRET,
      });
      const before = current();
      const next = structuredClone(before);
      next.generatedAt = new Date(Date.parse(before.generatedAt) + 60_000).toISOString();
      next.maintenance.push({
        id: "m-lite",
        title: "Embedded window",
        components: ["checkout"],
        start: new Date(Date.now() + 3_600_000).toISOString(),
        end: null,
        state: "scheduled",
      });
      // Nothing stored: the publication before stands in. Then the stored state is what counts.
      n.published([{ pageId: "customers", previous: before, next }]);
      await n.idle();
      n.published([{ pageId: "customers", previous: before, next }]);
      await n.idle();
      const rows = await client.outboxMessage.findMany();
      expect(rows.map((r) => [r.channel, r.dedupeKey])).toEqual([
        ["webhook", "status:customers:lite-hook:maintenance:m-lite:scheduled"],
      ]);
      const state = await client.statusNotifyState.findUniqueOrThrow({ where: { pageId: "customers" } });
      expect((state.snapshot as unknown as PublicSnapshot).maintenance.map((m) => m.id)).toContain("m-lite");
    } finally {
      await lite.drop();
    }
  });
});
