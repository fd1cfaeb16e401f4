import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { apiAs } from "./support/api";
import { E2E_PORT } from "./support/ports";

/**
 * Who the audit log and the rate limiter say a request came from, and which origin a cookie
 * mutation must come from, with forged forwarding headers: believed only from a trusted proxy.
 * The e2e console trusts none; a second console started here trusts 127.0.0.1 (this test is its
 * proxy).
 */

const SPOOF = { "X-Forwarded-For": "203.0.113.66, 198.51.100.20", "X-Real-IP": "203.0.113.67" };

/** A failed sign-in as a fresh email, sent with the given headers; returns the email. */
async function failSignIn(baseURL: string, headers: Record<string, string>): Promise<string> {
  const email = `spoof-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@e2e.test`;
  const ctx = await request.newContext({ baseURL, extraHTTPHeaders: headers });
  try {
    const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
    await ctx.post("/api/auth/callback/credentials", {
      form: { csrfToken, email, password: "not-the-password", json: "true" },
      maxRedirects: 0,
    });
  } finally {
    await ctx.dispose();
  }
  return email;
}

async function signInSourceIp(admin: APIRequestContext, email: string): Promise<string | null> {
  let ip: string | null | undefined;
  await expect(async () => {
    const res = await admin.get(`/api/v1/audit?action=auth.sign-in&actor=${encodeURIComponent(email)}`);
    const { events } = (await res.json()) as { events: { sourceIp: string | null; outcome: string }[] };
    expect(events.map((e) => e.outcome)).toEqual(["denied"]);
    ip = events[0].sourceIp;
  }).toPass({ timeout: 10_000 });
  return ip ?? null;
}

test("with no trusted proxy, a forged X-Forwarded-For or X-Real-IP is ignored: the peer is the source", async ({
  baseURL,
}) => {
  const admin = await apiAs(baseURL!, "admin");
  try {
    const email = await failSignIn(baseURL!, SPOOF);
    expect(await signInSourceIp(admin, email)).toBe("127.0.0.1");
  } finally {
    await admin.dispose();
  }
});

test("with no trusted proxy, a forged X-Forwarded-Host does not make a foreign Origin the console's", async ({
  baseURL,
}) => {
  const admin = await apiAs(baseURL!, "admin");
  try {
    const res = await admin.post("/api/v1/tokens", {
      data: { name: "", role: "viewer" },
      headers: {
        Origin: "https://ops.example.com",
        "X-Forwarded-Host": "ops.example.com",
        "X-Forwarded-Proto": "https",
      },
    });
    expect(res.status()).toBe(403);
    expect((await res.json()).error).toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/Origin/),
    });
  } finally {
    await admin.dispose();
  }
});

test.describe("behind a trusted proxy", () => {
  const port = E2E_PORT + 7;
  const baseURL = `http://127.0.0.1:${port}`;
  const admin = { email: "proxied-admin@e2e.test", password: "proxied-admin-password-1" };
  let server: ChildProcess | undefined;
  let dataDir = "";
  let output = "";

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    dataDir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-e2e-proxied-"));
    // The shipped opsdeck.yml, as a fresh install has it, and its own embedded database; no
    // Docker engine, so Opsdeck sees only itself.
    const config = path.join(process.cwd(), "opsdeck.yml");
    server = spawn(process.execPath, ["scripts/server.mjs", "-p", String(port), "-H", "127.0.0.1"], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        OPSDECK_CONFIG: config,
        OPSDECK_DATA_DIR: path.join(dataDir, "data"),
        OPSDECK_ADMIN_EMAIL: admin.email,
        OPSDECK_ADMIN_PASSWORD: admin.password,
        NEXTAUTH_SECRET: "proxied-secret-proxied-secret-proxied-secret",
        OPSDECK_TRUSTED_PROXIES: "127.0.0.1, ::1",
        DOCKER_HOST: "unix:///nonexistent/docker.sock",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (c: Buffer) => (output += c.toString()));
    server.stderr?.on("data", (c: Buffer) => (output += c.toString()));
    await expect(
      async () => {
        const res = await fetch(`${baseURL}/api/health`);
        expect(res.ok).toBe(true);
      },
      `the proxied console did not start:\n${output.slice(-2000)}`,
    ).toPass({ timeout: 90_000 });
  });

  test.afterAll(async () => {
    server?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    server?.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Signed in as the proxied console's admin; `forwarded` as a TLS proxy in front would send it. */
  async function signedInAdmin(forwarded: Record<string, string> = {}): Promise<APIRequestContext> {
    const ctx = await request.newContext({ baseURL, extraHTTPHeaders: forwarded });
    const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const signIn = await ctx.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: admin.email, password: admin.password, json: "true" },
      maxRedirects: 0,
    });
    const session = await (await ctx.get("/api/auth/session")).json();
    expect(session?.user?.role).toBe("admin");
    // Without NEXTAUTH_URL, sign-in answers with the console's own address, not localhost:3000.
    const expected = forwarded["X-Forwarded-Host"]
      ? `${forwarded["X-Forwarded-Proto"]}://${forwarded["X-Forwarded-Host"]}`
      : baseURL;
    expect(((await signIn.json()) as { url: string }).url).toBe(expected);
    return ctx;
  }

  test("starts without warnings and signs in at its own address though NEXTAUTH_URL is unset", async () => {
    const ctx = await signedInAdmin();
    await ctx.dispose();
    expect(output).not.toMatch(/\[next-auth\]/);
    // The one warning of this set-up is the Docker engine it was pointed away from on purpose.
    const warnings = output.split("\n").filter((l) => /"level":"(warn|error)"/.test(l));
    expect(warnings.map((l) => JSON.parse(l).msg)).toEqual(["docker engine unreachable"]);
  });

  test("a fresh install on another port shows itself up, and says how to add the first service", async ({
    page,
  }) => {
    await page.goto(`${baseURL}/login`);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: /sign in/i }).click();
    await expect(page).toHaveURL(`${baseURL}/map`);
    await expect(page.getByTestId("first-service-hint")).toContainText("Opsdeck is only watching itself");
    // The self-checks follow the console to its port (${PORT}), so it is not shown down.
    await expect(page.getByTestId("service-opsdeck")).toHaveAttribute("data-state", "up", {
      timeout: 30_000,
    });
  });

  test("the source is the nearest X-Forwarded-For hop the proxy did not add, never the forged first one", async () => {
    const ctx = await signedInAdmin();
    try {
      const email = await failSignIn(baseURL, SPOOF);
      expect(await signInSourceIp(ctx, email)).toBe("198.51.100.20");
      const viaRealIp = await failSignIn(baseURL, { "X-Real-IP": "198.51.100.30" });
      expect(await signInSourceIp(ctx, viaRealIp)).toBe("198.51.100.30");
    } finally {
      await ctx.dispose();
    }
  });

  test("the console's origin is what the proxy forwards: https and the public host", async () => {
    const forwarded = { "X-Forwarded-Host": "ops.example.com", "X-Forwarded-Proto": "https" };
    const ctx = await signedInAdmin(forwarded);
    try {
      // The session cookie is a Secure one now (the console is https to its users); send it by hand.
      const cookie = (await ctx.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
      expect(cookie).toContain("__Secure-next-auth.session-token=");
      const post = (origin: string) =>
        fetch(`${baseURL}/api/v1/tokens`, {
          method: "POST",
          headers: { ...forwarded, Cookie: cookie, Origin: origin, "Content-Type": "application/json" },
          body: JSON.stringify({ name: "", role: "viewer" }),
        });
      // Past the Origin and permission checks: the empty name is what is refused.
      expect((await post("https://ops.example.com")).status).toBe(400);
      expect((await post("http://ops.example.com")).status).toBe(403);
    } finally {
      await ctx.dispose();
    }
  });
});
