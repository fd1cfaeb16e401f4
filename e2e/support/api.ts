import { request, type APIRequestContext } from "@playwright/test";
import { E2E_USERS, type E2ERole } from "./users";

/** An API client signed in as the role through next-auth's credentials flow (CSRF token first). */
export async function apiAs(baseURL: string, role: E2ERole | "anonymous"): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL });
  if (role === "anonymous") return ctx;
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const user = E2E_USERS[role];
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: user.email, password: user.password, json: "true" },
    maxRedirects: 0,
  });
  if (res.status() >= 400) throw new Error(`sign-in as ${role} failed: ${res.status()}`);
  const session = await (await ctx.get("/api/auth/session")).json();
  if (session?.user?.role !== role)
    throw new Error(`signed in as ${JSON.stringify(session)} instead of ${role}`);
  return ctx;
}
