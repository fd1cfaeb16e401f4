import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { apiAs } from "./support/api";

/**
 * The permission matrix: every REST route and every server action, for anonymous, viewer,
 * operator and admin. The server decides; what the UI hides is not tested here.
 */

type Who = "anonymous" | "viewer" | "operator" | "admin";
const WHO: Who[] = ["anonymous", "viewer", "operator", "admin"];
const RANK: Record<Who, number> = { anonymous: 0, viewer: 1, operator: 2, admin: 3 };

interface RouteCase {
  name: string;
  minimum: Exclude<Who, "anonymous">;
  call(api: APIRequestContext, origin: string): Promise<{ status(): number }>;
  /** Status when allowed (a 400 proves the permission check passed without side effects). */
  ok?: number;
}

const json = (origin: string, data: unknown) => ({
  data,
  headers: { Origin: origin, "Content-Type": "application/json" },
});

const ROUTES: RouteCase[] = [
  { name: "GET map", minimum: "viewer", call: (a) => a.get("/api/v1/map") },
  { name: "GET service", minimum: "viewer", call: (a) => a.get("/api/v1/services/web") },
  {
    name: "GET service history",
    minimum: "viewer",
    call: (a) => a.get("/api/v1/services/web/history?range=1h"),
  },
  { name: "GET service events", minimum: "viewer", call: (a) => a.get("/api/v1/services/web/events") },
  {
    name: "GET service containers",
    minimum: "viewer",
    call: (a) => a.get("/api/v1/services/web/containers"),
  },
  { name: "GET service actions", minimum: "viewer", call: (a) => a.get("/api/v1/services/web/actions") },
  {
    name: "GET log download",
    minimum: "operator",
    call: (a) => a.get("/api/v1/services/printer/logs/download?container=opsdeck-e2e-printer&tail=5"),
  },
  { name: "GET runs", minimum: "operator", call: (a) => a.get("/api/v1/runs") },
  { name: "GET audit", minimum: "operator", call: (a) => a.get("/api/v1/audit?limit=5") },
  {
    name: "GET audit export",
    minimum: "operator",
    call: (a) => a.get("/api/v1/audit/export?format=jsonl&limit=5"),
  },
  { name: "GET audit verify", minimum: "admin", call: (a) => a.get("/api/v1/audit/verify") },
  { name: "GET users", minimum: "admin", call: (a) => a.get("/api/v1/users") },
  { name: "GET tokens", minimum: "admin", call: (a) => a.get("/api/v1/tokens") },
  {
    name: "POST user (invalid body)",
    minimum: "admin",
    ok: 400,
    call: (a, origin) => a.post("/api/v1/users", json(origin, { email: "not-an-email", role: "root" })),
  },
  {
    name: "POST token (invalid body)",
    minimum: "admin",
    ok: 400,
    call: (a, origin) => a.post("/api/v1/tokens", json(origin, { name: "", role: "root" })),
  },
  {
    name: "DELETE token (unknown id)",
    minimum: "admin",
    ok: 404,
    call: (a, origin) => a.delete("/api/v1/tokens/no-such-token", { headers: { Origin: origin } }),
  },
  {
    name: "GET run download (unknown run)",
    minimum: "operator",
    ok: 404,
    call: (a) => a.get("/api/v1/runs/00000000-0000-0000-0000-000000000000/download"),
  },
  {
    name: "POST run (invalid params)",
    minimum: "operator",
    ok: 400,
    call: (a, origin) =>
      a.post(
        "/api/v1/actions/runs",
        json(origin, { serviceId: "web", actionId: "restart", params: { container: "not-a-container" } }),
      ),
  },
  {
    name: "POST run of a destructive action (invalid params)",
    minimum: "operator",
    ok: 400,
    call: (a, origin) =>
      a.post(
        "/api/v1/actions/runs",
        json(origin, { serviceId: "web", actionId: "kill", params: { container: "nope" } }),
      ),
  },
];

test.describe("permission matrix", () => {
  const clients = new Map<Who, APIRequestContext>();
  let origin = "";
  test.beforeAll(async ({ baseURL }) => {
    origin = new URL(baseURL!).origin;
    for (const who of WHO) clients.set(who, await apiAs(baseURL!, who));
  });
  test.afterAll(async () => {
    for (const c of clients.values()) await c.dispose();
  });

  for (const route of ROUTES) {
    test(`${route.name}: ${route.minimum} and up`, async () => {
      const seen: Record<string, number> = {};
      for (const who of WHO) seen[who] = (await route.call(clients.get(who)!, origin)).status();
      const expected = Object.fromEntries(
        WHO.map((who) => [
          who,
          who === "anonymous" ? 401 : RANK[who] >= RANK[route.minimum] ? (route.ok ?? 200) : 403,
        ]),
      );
      expect(seen).toEqual(expected);
    });
  }

  test("a cookie-session mutation without a matching Origin is refused, even for an admin", async () => {
    const admin = clients.get("admin")!;
    const body = { serviceId: "web", actionId: "restart", params: { container: "nope" } };
    const variants: Record<string, string>[] = [{}, { Origin: "null" }, { Origin: "https://evil.example" }];
    for (const headers of variants) {
      const res = await admin.post("/api/v1/actions/runs", { data: body, headers });
      expect(res.status(), JSON.stringify(headers)).toBe(403);
      expect((await res.json()).error.message).toMatch(/Origin/);
    }
  });

  test("an API token works without cookies or Origin, within its role, until it is revoked", async ({
    baseURL,
  }) => {
    const created = await clients
      .get("admin")!
      .post("/api/v1/tokens", json(origin, { name: "e2e-bot", role: "operator" }));
    expect(created.status()).toBe(201);
    const { secret, token } = (await created.json()) as { secret: string; token: { id: string } };
    const bot = await request.newContext({
      baseURL,
      extraHTTPHeaders: { Authorization: `Bearer ${secret}` },
    });
    try {
      expect((await bot.get("/api/v1/map")).status()).toBe(200);
      expect((await bot.get("/api/v1/audit?limit=1")).status()).toBe(200);
      // /api/health gives a token the detailed form (the engine's address), as it gives a session;
      // config errors stay for config.manage.
      const detailed = await (await bot.get("/api/health")).json();
      expect(detailed.docker.host).toEqual(expect.any(String));
      expect(detailed.config).not.toHaveProperty("path");
      const anonymous = await (await clients.get("anonymous")!.get("/api/health")).json();
      expect(anonymous.docker).not.toHaveProperty("host");
      expect((await bot.get("/api/v1/audit/verify")).status()).toBe(403);
      const run = await bot.post("/api/v1/actions/runs", {
        data: { serviceId: "web", actionId: "restart", params: { container: "nope" } },
      });
      expect(run.status()).toBe(400);
      const revoked = await clients
        .get("admin")!
        .delete(`/api/v1/tokens/${token.id}`, { headers: { Origin: origin } });
      expect(revoked.status()).toBe(200);
      expect((await bot.get("/api/v1/map")).status()).toBe(401);
    } finally {
      await bot.dispose();
    }
  });

  test("every server action refuses anonymous callers and viewers", async ({ baseURL }) => {
    const manifest = JSON.parse(
      readFileSync(path.join(__dirname, "..", ".next/server/server-reference-manifest.json"), "utf8"),
    ) as {
      node: Record<
        string,
        { exportedName?: string; filename?: string; workers: Record<string, unknown> | string[] }
      >;
    };
    const actions = Object.entries(manifest.node);
    expect(actions.length).toBeGreaterThan(0);
    for (const who of ["anonymous", "viewer"] as const) {
      const api = clients.get(who)!;
      for (const [id, meta] of actions) {
        // Post to a page that serves the action: "app/(console)/services/[id]/page" -> "/services/web".
        const worker = (Array.isArray(meta.workers) ? meta.workers : Object.keys(meta.workers))[0];
        const page = worker
          .replace(/^app/, "")
          .replace(/\/page$/, "")
          .replace(/\/\([^)]*\)/g, "")
          .replace(/\[[^\]]+\]/g, "web");
        const res = await api.post(page || "/", {
          headers: {
            "Next-Action": id,
            Origin: origin,
            "Content-Type": "text/plain;charset=UTF-8",
            Accept: "text/x-component",
          },
          data: JSON.stringify([
            { serviceId: "web", actionId: "restart", params: {}, email: "x@y.z", role: "admin", id: "x" },
          ]),
          maxRedirects: 0,
        });
        const text = await res.text();
        // Either an error answer or a refusal inside the action's result; never a success.
        expect(text, `${meta.exportedName ?? id} as ${who}`).not.toMatch(/"ok":true/);
        if (res.status() === 200) expect(text, `${meta.exportedName ?? id} as ${who}`).toMatch(/"ok":false/);
      }
    }
    expect(baseURL).toBeTruthy();
  });
});
