import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit/schemas";
import type { Db } from "@/lib/infra/db";
import { IncidentService } from "@/lib/incidents/service";
import { DEFAULT_SEVERITIES } from "@/lib/incidents/severity";
import { rollUp } from "@/lib/monitor/rollup";
import { StatusPublisher } from "@/lib/status-page/publisher";
import { nodeStatusHandler } from "@/lib/status-page/node-handler";
import { LoginLimiter, serveStatus } from "@/lib/status-page/serve";
import { SnapshotStore } from "@/lib/status-page/store";
import type { PublicSnapshot } from "@/lib/status-page/types";
import type { HealthState } from "@/lib/probes/types";
import { waitFor } from "../support/docker";
import { config, migrate, prismaFor, startEngine, type EngineHarness } from "../support/engine";
import { createPrivatePostgres, type PrivatePostgres } from "../support/private-postgres";

/**
 * The status page end to end on a real monitor and a real Postgres (a private cluster the test
 * stops): published on every change, served over HTTP from memory with its headers, a public
 * update on the page within 2 s, a protected page, and the page still answering with its last
 * state and an honest "last updated" when the database and then the monitor are gone.
 */

const ana: Actor = {
  type: "user",
  id: "u-ana",
  name: "ana@example.com",
  role: "operator",
  requestId: "req-status",
};
let mode: "ok" | "fail" = "ok";
let target: Server;
let targetUrl = "";
let pg: PrivatePostgres;
let db: Db;
let dir: string;
let h: EngineHarness;
let store: SnapshotStore;
let publisher: StatusPublisher;
let incidents: IncidentService;
let statusServer: Server;
let base = "";
const limiter = new LoginLimiter(5);

const yaml = () => `
version: 1
settings:
  defaultInterval: 1s
  defaultTimeout: 1s
  failuresBeforeDown: 1
  discoverContainers: false
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
    domain: status.acme.test
    components:
      - { name: Checkout, description: Paying for orders, services: [checkout-api] }
      - name: Data
        components:
          - { name: Search, services: [search-db] }
  - id: partners
    title: Partner status
    access: { password: "correct horse battery" }
    components:
      - { name: Checkout, services: [checkout-api] }
`;

beforeAll(async () => {
  target = createServer((req, res) => {
    res.statusCode = req.url === "/health" && mode === "fail" ? 500 : 200;
    res.end(res.statusCode === 200 ? "ok" : "checkout pool exhausted at 10.1.2.3");
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  pg = await createPrivatePostgres();
  await pg.start();
  await migrate(pg.url);
  db = prismaFor(pg.url) as unknown as Db;
  dir = await mkdtemp(path.join(os.tmpdir(), "opsdeck-status-"));
  const cfg = config(yaml());
  h = startEngine({ config: cfg, getDb: async () => db });
  store = new SnapshotStore();
  publisher = new StatusPublisher({
    dir: path.join(dir, "status"),
    store,
    siteOrigin: () => "https://status.example.com",
    config: () => cfg,
    catalog: () => h.engine.currentCatalog(),
    health: () => new Map<string, HealthState>(h.engine.snapshot().services.map((s) => [s.id, s.status])),
    windows: () => h.engine.maintenanceWindows(),
    db: async () => db,
    debounceMs: 50,
    refreshMs: 60_000,
  });
  h.bus.subscribe((e) => e.type === "service" && publisher.request());
  incidents = new IncidentService({
    db: async () => db,
    severities: () => DEFAULT_SEVERITIES,
    dependencies: () => [],
    onChange: () => publisher.request(),
  });
  publisher.start();
  statusServer = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
      const headers = { get: (n: string) => (req.headers[n.toLowerCase()] as string | undefined) ?? null };
      const r = serveStatus(
        store,
        {
          method: req.method ?? "GET",
          path: url.pathname.replace(/^\/status\/?/, ""),
          headers,
          form,
          clientIp: "127.0.0.1",
        },
        limiter,
      );
      res.writeHead(r.status, r.headers).end(r.body ?? undefined);
    });
  });
  await new Promise<void>((r) => statusServer.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(statusServer.address() as AddressInfo).port}/status`;
}, 120_000);

afterAll(async () => {
  publisher?.stop();
  await h?.stop();
  statusServer?.close();
  target?.close();
  await (db as unknown as { $disconnect(): Promise<void> })?.$disconnect().catch(() => undefined);
  await pg?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function json(page = "customers"): Promise<PublicSnapshot> {
  const res = await fetch(`${base}/${page}/api/status.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as PublicSnapshot;
}

const componentStatus = (s: PublicSnapshot, id: string) =>
  s.components.flatMap((c) => [c, ...(c.children ?? [])]).find((c) => c.id === id)?.status;

describe("the status page", () => {
  it("publishes the services' health as components, served from memory with ETag, gzip and strict headers", async () => {
    await h.waitForService("checkout-api", (s) => s.status === "up", "checkout up");
    await h.waitForService("search-db", (s) => s.status === "up", "search up");
    const s = await waitFor(
      async () => {
        const snap = await json().catch(() => undefined);
        return snap?.overall.status === "operational" && componentStatus(snap, "checkout") === "operational"
          ? snap
          : undefined;
      },
      "an operational page",
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(s.components.map((c) => [c.id, c.name, c.status])).toEqual([
      ["checkout", "Checkout", "operational"],
      ["data", "Data", "operational"],
    ]);
    expect(s.components[0].uptime.days).toHaveLength(90);

    const root = await fetch(base, { redirect: "manual" });
    expect([root.status, root.headers.get("location")]).toEqual([307, "/status/customers"]);
    const page = await fetch(`${base}/customers`, { headers: { "Accept-Encoding": "gzip" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-encoding")).toBe("gzip");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(page.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    const html = await page.text();
    expect(html).toContain("Acme status");
    expect(html).toContain("All systems operational");
    const etag = page.headers.get("etag")!;
    const again = await fetch(`${base}/customers`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    for (const file of [
      "feed.atom",
      "feed.rss",
      "feed.json",
      "badge.svg",
      "components/checkout",
      "components/search/badge.svg",
    ]) {
      const res = await fetch(`${base}/customers/${file}`);
      expect(res.status, file).toBe(200);
    }
    expect((await fetch(`${base}/customers/components/nope`)).status).toBe(404);
    // The index lists the public pages, never the protected one.
    const index = await fetch(`${base}/pages`);
    expect(index.status).toBe(200);
    const listing = await index.text();
    expect(listing).toContain('href="/status/customers"');
    expect(listing).not.toContain("Partner status");
    const pages = (await (await fetch(`${base}/pages.json`)).json()) as {
      pages: { id: string; status: string }[];
    };
    expect(pages.pages).toEqual([expect.objectContaining({ id: "customers", status: "operational" })]);

    // The component page charts the HTTP checks' response time, from the minute roll-ups.
    await h.writer.flush();
    await rollUp(db, new Date());
    await publisher.publishNow();
    const checkout = (await json()).components[0];
    expect(checkout.responseTime?.hours).toHaveLength(24);
    expect(checkout.responseTime?.hours.at(-1)?.ms).toEqual(expect.any(Number));
    const componentPage = await (await fetch(`${base}/customers/components/checkout`)).text();
    expect(componentPage).toContain("Response time, last 24 hours");
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it("shows a public update within 2 s; the incident decides its component's status, not health", async () => {
    const incident = await incidents.declare(ana, {
      title: "INTERNAL: pgbouncer pool exhausted on db-7",
      severity: "P2",
      services: ["checkout-api"],
    });
    // Declared but not published: the page says nothing of it.
    await new Promise((r) => setTimeout(r, 300));
    expect((await json()).incidents).toEqual([]);

    const posted = Date.now();
    await incidents.record(ana, incident.id, {
      text: "Some payments fail; we are on it.",
      visibility: "public",
      title: "Payments failing",
      impact: "major_outage",
    });
    const shown = await waitFor(
      async () =>
        (await json()).incidents.some((i) => i.title === "Payments failing") ? Date.now() : undefined,
      "the public update on the page",
      { timeoutMs: 2000, intervalMs: 20 },
    );
    expect(shown - posted).toBeLessThan(2000);
    const s = await json();
    expect(s.incidents[0]).toMatchObject({
      title: "Payments failing",
      status: "investigating",
      impact: "major_outage",
      components: ["checkout"],
      updates: [{ status: "investigating", text: "Some payments fail; we are on it." }],
    });
    // Health is up, the incident says major outage: the person's word wins.
    expect(componentStatus(s, "checkout")).toBe("major_outage");
    expect(s.overall.status).toBe("major_outage");
    const html = await (await fetch(`${base}/customers`)).text();
    expect(html).toContain("Payments failing");
    expect(html).not.toContain("pgbouncer");

    await incidents.setStatus(ana, incident.id, "resolved");
    const after = await waitFor(
      async () => {
        const snap = await json();
        return snap.incidents.length === 0 && snap.history.length === 1 ? snap : undefined;
      },
      "the incident in the history",
      { timeoutMs: 2000, intervalMs: 20 },
    );
    expect(after.history[0].updates[0]).toMatchObject({ status: "resolved" });
    expect(componentStatus(after, "checkout")).toBe("operational");
  });

  it("serves a page at its own domain: the page at /, its files, and nothing of the console", async () => {
    const handler = nodeStatusHandler(store, () => "127.0.0.1");
    const server = createServer((req, res) => {
      const path = (req.url ?? "/").split("?")[0];
      if (path.startsWith("/status") || handler.servesHost(req.headers.host)) return handler(req, res);
      res.writeHead(200).end("the console");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const get = (path: string, host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: "127.0.0.1", port, path, headers: { Host: host } }, (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("error", reject);
        req.end();
      });
    try {
      const home = await get("/", "status.acme.test:443");
      expect(home.status).toBe(200);
      expect(home.body).toContain("Acme status");
      expect((await get("/status/customers/api/status.json", "status.acme.test")).status).toBe(200);
      expect(await get("/map", "status.acme.test")).toEqual({ status: 404, body: "Not found." });
      // Any other host is the console as before.
      expect(await get("/map", "console.acme.test")).toEqual({ status: 200, body: "the console" });
      expect(handler.servesHost("console.acme.test")).toBe(false);
    } finally {
      server.close();
    }
  });

  it("protects a page with a password: wrong ones refused (and limited), the right one lets in, a bearer reads feeds", async () => {
    const locked = await fetch(`${base}/partners`);
    expect(locked.status).toBe(401);
    expect(await locked.text()).toContain('type="password"');
    expect((await fetch(`${base}/partners/api/status.json`)).status).toBe(401);
    const login = (password: string) =>
      fetch(`${base}/partners/login`, {
        method: "POST",
        body: new URLSearchParams({ password }),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        redirect: "manual",
      });
    expect((await login("wrong")).status).toBe(401);
    const ok = await login("correct horse battery");
    expect(ok.status).toBe(303);
    const cookie = ok.headers.get("set-cookie")!.split(";")[0];
    expect(cookie).not.toContain("correct");
    const inside = await fetch(`${base}/partners`, { headers: { Cookie: cookie } });
    expect(inside.status).toBe(200);
    expect(inside.headers.get("cache-control")).toBe("private, no-store");
    expect(await inside.text()).toContain("Partner status");
    const feed = await fetch(`${base}/partners/feed.atom`, {
      headers: { Authorization: "Bearer correct horse battery" },
    });
    expect(feed.status).toBe(200);
    expect(feed.headers.get("access-control-allow-origin")).toBeNull();
    // 5 attempts a minute per address and page: the 6th is refused even with the right password.
    for (let i = 0; i < 3; i++) await login("wrong");
    expect((await login("correct horse battery")).status).toBe(429);
  });

  it("keeps answering with the last state and its time when the database, then the monitor, are gone", async () => {
    const before = await json();
    await pg.stop();
    try {
      // Health still changes and is still published (incidents and history as last read).
      mode = "fail";
      const s = await waitFor(
        async () => {
          const snap = await json();
          return componentStatus(snap, "checkout") === "major_outage" ? snap : undefined;
        },
        "the outage published with the database down",
        { timeoutMs: 10_000, intervalMs: 100 },
      );
      expect(s.history.map((i) => i.title)).toEqual(before.history.map((i) => i.title));
      expect(publisher.status().lastError).toBeTruthy();

      // The monitor and the publisher stop: the page answers with the last state and its time.
      publisher.stop();
      await h.stop();
      const last = await json();
      await new Promise((r) => setTimeout(r, 1200));
      for (const file of ["", "/api/status.json", "/feed.atom", "/badge.svg"]) {
        const res = await fetch(`${base}/customers${file}`);
        expect(res.status, file).toBe(200);
      }
      const html = await (await fetch(`${base}/customers`)).text();
      expect(html).toContain(last.generatedAt);
      expect(Date.now() - Date.parse(last.generatedAt)).toBeGreaterThan(1000);

      // A new process (the status role, or a restarted console) serves the same files from the folder.
      const fresh = new SnapshotStore();
      expect(await fresh.load(path.join(dir, "status"))).toBe(true);
      expect(fresh.get("customers/status.json")?.etag).toBe(store.get("customers/status.json")?.etag);
      expect(fresh.get("customers/index.html")?.body.equals(store.get("customers/index.html")!.body)).toBe(
        true,
      );
    } finally {
      mode = "ok";
      await pg.start();
    }
  });
});
