import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { apiAs } from "./support/api";
import { serverActions } from "./support/inventory";

/**
 * Cross-site refusals and API tokens. The full matrix of who may call what is generated from the
 * code in access-matrix.spec.ts.
 */

type Who = "anonymous" | "viewer" | "operator" | "admin";
const WHO: Who[] = ["anonymous", "viewer", "operator", "admin"];

const json = (origin: string, data: unknown) => ({
  data,
  headers: { Origin: origin, "Content-Type": "application/json" },
});

test.describe("sessions, Origin and tokens", () => {
  const clients = new Map<Who, APIRequestContext>();
  let origin = "";
  test.beforeAll(async ({ baseURL }) => {
    origin = new URL(baseURL!).origin;
    for (const who of WHO) clients.set(who, await apiAs(baseURL!, who));
  });
  test.afterAll(async () => {
    for (const c of clients.values()) await c.dispose();
  });

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

  test("a server action posted from another origin gets a clear 403, and the refusal is audited", async () => {
    const admin = clients.get("admin")!;
    const action = serverActions().find((a) => a.name === "createTokenAction")!;
    const requestId = randomUUID();
    const res = await admin.post(action.page, {
      headers: {
        "Next-Action": action.id,
        Origin: "https://evil.example",
        "X-Request-Id": requestId,
        "Content-Type": "text/plain;charset=UTF-8",
      },
      data: JSON.stringify([{ name: "from-evil", role: "admin" }]),
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    expect((await res.json()).error).toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/Origin/),
    });
    await expect(async () => {
      const events = (await (
        await admin.get("/api/v1/audit?action=server-action&outcome=denied")
      ).json()) as {
        events: { requestId: string; actorName: string; message: string }[];
      };
      expect(events.events.find((e) => e.requestId === requestId)).toMatchObject({
        actorName: "admin@e2e.test",
        message: expect.stringMatching(/^cross-site request:/),
      });
    }).toPass({ timeout: 10_000 });
    const tokens = (await (await admin.get("/api/v1/tokens")).json()) as { tokens: { name: string }[] };
    expect(tokens.tokens.map((t) => t.name)).not.toContain("from-evil");
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
});
