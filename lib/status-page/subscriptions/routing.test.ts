import { describe, expect, it } from "vitest";
import { serveStatusAsync, type StatusRequest, type SubscriptionRoutes } from "../serve";
import { hashPassword, SnapshotStore, storedFile } from "../store";

/** How /status hands the subscription routes to what is injected, and keeps everything else as it was. */

const store = new SnapshotStore();
store.replace(
  new Map([
    ["customers/index.html", storedFile("customers/index.html", "<!DOCTYPE html><p>page</p>")],
    ["partners/index.html", storedFile("partners/index.html", "<!DOCTYPE html><p>partners</p>")],
  ]),
  {
    version: 1,
    publishedAt: "2026-12-07T14:30:00.000Z",
    pages: [
      { id: "customers", title: "Acme status", isDefault: true, password: null },
      {
        id: "partners",
        title: "Partners",
        isDefault: false,
        password: hashPassword("correct horse", "salt"),
      },
    ],
  },
);

const calls: string[] = [];
const routes: SubscriptionRoutes = {
  subscribe: async (page) => (
    calls.push(`subscribe:${page.id}`),
    { status: 200, headers: {}, body: "signed up" }
  ),
  confirm: async (page, req) => (
    calls.push(`confirm:${page.id}:${req.method}`),
    { status: 200, headers: {}, body: "ok" }
  ),
  unsubscribe: async () => {
    throw new Error("database down");
  },
};

const req = (path: string, method = "GET", headers: Record<string, string> = {}): StatusRequest => ({
  method,
  path,
  headers: { get: (name) => headers[name.toLowerCase()] ?? null },
});

describe("the subscription routes under /status", () => {
  it("go to the injected routes, with the page's security headers and no caching", async () => {
    const r = await serveStatusAsync(store, req("customers/subscribe", "POST"), routes);
    expect([r.status, r.body]).toEqual([200, "signed up"]);
    expect(r.headers["Content-Security-Policy"]).toContain("default-src 'none'");
    expect(r.headers["Referrer-Policy"]).toBe("no-referrer");
    expect(r.headers["Cache-Control"]).toBe("no-store");
    const head = await serveStatusAsync(store, req("customers/subscribe/confirm", "HEAD"), routes);
    expect([head.status, head.body]).toEqual([200, null]);
    expect(calls).toEqual(["subscribe:customers", "confirm:customers:HEAD"]);
  });

  it("answer 503 when they fail or are absent, while the page is served as before", async () => {
    const failed = await serveStatusAsync(store, req("customers/unsubscribe", "POST"), routes);
    expect(failed.status).toBe(503);
    expect(String(failed.body)).toContain("the status page itself is up to date");
    expect((await serveStatusAsync(store, req("customers/subscribe", "POST"), null)).status).toBe(503);
    expect((await serveStatusAsync(store, req("customers"), null)).status).toBe(200);
  });

  it("ask a protected page's password for a sign-up, not for a link from a mail", async () => {
    calls.length = 0;
    expect((await serveStatusAsync(store, req("partners/subscribe", "POST"), routes)).status).toBe(401);
    const bearer = { authorization: "Bearer correct horse" };
    expect((await serveStatusAsync(store, req("partners/subscribe", "POST", bearer), routes)).status).toBe(
      200,
    );
    expect((await serveStatusAsync(store, req("partners/subscribe/confirm"), routes)).status).toBe(200);
    expect(calls).toEqual(["subscribe:partners", "confirm:partners:GET"]);
  });

  it("leave other paths alone, inherited property names included, and refuse other methods", async () => {
    for (const path of [
      "customers/constructor",
      "customers/__proto__",
      "customers/subscribe/other",
      "nope/subscribe",
    ])
      expect((await serveStatusAsync(store, req(path, "POST"), routes)).status, path).not.toBe(200);
    expect((await serveStatusAsync(store, req("customers/toString"), routes)).status).toBe(404);
    expect((await serveStatusAsync(store, req("customers/subscribe", "DELETE"), routes)).status).toBe(405);
  });
});
