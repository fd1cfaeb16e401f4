import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { apiAs } from "./support/api";
import { consolePages, routeHandlers, serverActions } from "./support/inventory";
import { ACTION_TABLE, PAGE_TABLE, ROUTE_TABLE, type Call, type Minimum } from "./support/access-table";

/**
 * The access matrix, generated from what the code exposes (e2e/support/inventory.ts): every route
 * handler method, every console page and every server action, called as anonymous, as a session
 * of each role and as an API token of each role. Anything the code exposes without an entry in
 * e2e/support/access-table.ts fails the first test. Each refusal is checked for its status, its
 * error code, a `denied` audit record under the request's id, and that nothing else happened
 * under that id (no started or succeeded record).
 */

type Who = "viewer" | "operator" | "admin";
const ROLES: Who[] = ["viewer", "operator", "admin"];
const RANK: Record<Who, number> = { viewer: 1, operator: 2, admin: 3 };

interface Caller {
  name: string;
  role: Who | null;
  kind: "anonymous" | "session" | "token";
  headers: Record<string, string>;
}

interface Refusal {
  requestId: string;
  what: string;
  /** Exactly one record (a server action posted to a page the role may not open gets two: verb and page). */
  once?: boolean;
}

let origin = "";
let startedAt = "";
const callers: Caller[] = [];
const contexts: APIRequestContext[] = [];
const refusals: Refusal[] = [];
let admin: APIRequestContext;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ baseURL }) => {
  origin = new URL(baseURL!).origin;
  startedAt = new Date().toISOString();
  callers.push({ name: "anonymous", role: null, kind: "anonymous", headers: {} });
  for (const role of ROLES) {
    const ctx = await apiAs(baseURL!, role);
    contexts.push(ctx);
    const cookies = (await ctx.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    callers.push({ name: `session:${role}`, role, kind: "session", headers: { Cookie: cookies } });
  }
  admin = contexts[2];
  for (const role of ROLES) {
    const res = await admin.post("/api/v1/tokens", {
      data: { name: `matrix-${role}-${Date.now()}`, role, expiresInDays: 1 },
      headers: { Origin: origin },
    });
    expect(res.status(), await res.text()).toBe(201);
    const { secret } = (await res.json()) as { secret: string };
    callers.push({
      name: `token:${role}`,
      role,
      kind: "token",
      headers: { Authorization: `Bearer ${secret}` },
    });
  }
});

test.afterAll(async () => {
  for (const c of contexts) await c.dispose();
});

/** Sends a call; reads the body only when it is not a live stream. */
async function send(baseURL: string, caller: Caller, call: Call) {
  const requestId = randomUUID();
  const controller = new AbortController();
  const res = await fetch(new URL(call.path, baseURL), {
    method: call.method,
    redirect: "manual",
    signal: controller.signal,
    headers: {
      ...caller.headers,
      // Identical refusals fold (lib/audit/refusal-fold.ts, tested there): an agent of its own
      // per call keeps each refusal here a record of its own, so each can be found by its id.
      "User-Agent": `opsdeck-access-matrix/${requestId}`,
      "X-Request-Id": requestId,
      ...(call.method !== "GET" ? { Origin: origin } : {}),
      ...(call.body !== undefined ? { "Content-Type": call.contentType ?? "application/json" } : {}),
      ...call.headers,
    },
    body:
      call.body === undefined
        ? undefined
        : typeof call.body === "string"
          ? call.body
          : JSON.stringify(call.body),
  });
  const streaming = /text\/event-stream|ndjson/.test(res.headers.get("content-type") ?? "");
  const text = streaming ? "" : await res.text();
  controller.abort();
  return { status: res.status, text, requestId, location: res.headers.get("location") };
}

function allowed(minimum: Minimum, caller: Caller): boolean {
  if (minimum === "public") return true;
  return caller.role !== null && RANK[caller.role] >= RANK[minimum];
}

test("every route handler, page and server action is in the access table, and nothing else is", () => {
  expect(routeHandlers().sort()).toEqual(Object.keys(ROUTE_TABLE).sort());
  expect(consolePages().sort()).toEqual(Object.keys(PAGE_TABLE).sort());
  expect(
    serverActions()
      .map((a) => a.name)
      .sort(),
  ).toEqual(Object.keys(ACTION_TABLE).sort());
});

test("route handlers: each caller gets what its role allows; refusals say why", async ({ baseURL }) => {
  const seen: string[] = [];
  for (const [key, entry] of Object.entries(ROUTE_TABLE)) {
    for (const caller of callers) {
      const r = await send(baseURL!, caller, entry.call);
      const what = `${key} as ${caller.name}`;
      if (allowed(entry.minimum, caller)) {
        const ok = entry.ok ?? [200];
        seen.push(`${what}: ${r.status}`);
        expect(ok, `${what} answered ${r.status}: ${r.text.slice(0, 200)}`).toContain(r.status);
        continue;
      }
      const expected = caller.kind === "anonymous" ? 401 : 403;
      expect(r.status, `${what}: ${r.text.slice(0, 200)}`).toBe(expected);
      const body = JSON.parse(r.text) as { error: { code: string; message: string } };
      expect(body.error.code, what).toBe(expected === 401 ? "unauthorized" : "forbidden");
      if (expected === 403) expect(body.error.message, what).toMatch(/permission/);
      refusals.push({ requestId: r.requestId, what, once: true });
    }
  }
  expect(seen.length).toBeGreaterThan(Object.keys(ROUTE_TABLE).length);
});

test("pages: a session below the page's permission gets a 403 page; no session goes to sign-in", async ({
  baseURL,
}) => {
  for (const [route, entry] of Object.entries(PAGE_TABLE)) {
    for (const caller of callers) {
      const r = await send(baseURL!, caller, { method: "GET", path: entry.path });
      const what = `page ${route} as ${caller.name}`;
      if (caller.kind !== "session") {
        // Pages take sessions only: anonymous callers and bare tokens are sent to sign in.
        expect(r.status, what).toBe(307);
        expect(r.location, what).toMatch(/\/login/);
      } else if (allowed(entry.minimum, caller)) {
        expect(entry.ok ?? [200], `${what} answered ${r.status}`).toContain(r.status);
      } else {
        expect(r.status, what).toBe(403);
        // The console's own notice (its words are checked in a browser in actions.spec.ts).
        expect(r.text, what).toContain("ForbiddenNotice");
        refusals.push({ requestId: r.requestId, what, once: true });
      }
    }
  }
});

test("server actions: each refuses a role below its permission, as a value, and audits it", async ({
  baseURL,
}) => {
  const byName = new Map(serverActions().map((a) => [a.name, a]));
  for (const [name, entry] of Object.entries(ACTION_TABLE)) {
    const action = byName.get(name)!;
    for (const caller of callers) {
      const r = await send(baseURL!, caller, {
        method: "POST",
        path: action.page,
        body: JSON.stringify([entry.input]),
        contentType: "text/plain;charset=UTF-8",
        headers: { "Next-Action": action.id, Accept: "text/x-component" },
      });
      const what = `${name} as ${caller.name}`;
      if (caller.kind !== "session") {
        // Server actions are posted to pages, and pages take sessions only.
        expect(r.status, what).toBe(307);
        continue;
      }
      if (allowed(entry.minimum, caller)) {
        expect(r.text, what).toMatch(entry.okPattern);
        continue;
      }
      // The verb refuses before the input is read; the page around it may answer 403 as well.
      expect([200, 403], what).toContain(r.status);
      expect(r.text, what).toMatch(/"ok":false,"error":\{"code":"forbidden"/);
      refusals.push({ requestId: r.requestId, what });
    }
  }
});

test("every refusal above is in the audit log as denied, and nothing else happened under its request id", async () => {
  expect(refusals.length).toBeGreaterThan(50);
  let byRequest = new Map<string, string[]>();
  await expect(async () => {
    const res = await admin.get(`/api/v1/audit/export?format=jsonl&from=${encodeURIComponent(startedAt)}`);
    expect(res.status()).toBe(200);
    byRequest = new Map();
    for (const line of (await res.text()).split("\n").filter(Boolean)) {
      const e = JSON.parse(line) as { requestId: string | null; outcome: string };
      if (e.requestId) byRequest.set(e.requestId, [...(byRequest.get(e.requestId) ?? []), e.outcome]);
    }
    const missing = refusals
      .filter((r) => !byRequest.get(r.requestId)?.includes("denied"))
      .map((r) => r.what);
    expect(missing).toEqual([]);
  }).toPass({ timeout: 15_000 });
  // Nothing ran: no started, succeeded or failed record under a refused request's id.
  for (const r of refusals) {
    const outcomes = byRequest.get(r.requestId)!;
    if (r.once) expect(outcomes, r.what).toEqual(["denied"]);
    else expect(new Set(outcomes), r.what).toEqual(new Set(["denied"]));
  }
});
