import { getToken } from "next-auth/jwt";
import { withAuth } from "next-auth/middleware";
import { NextResponse, type NextRequest } from "next/server";
import { PAGE_PATH_HEADER } from "@/lib/auth/page-path";
import { consoleOrigin, isSameOrigin } from "@/lib/auth/origin";
import type { AuditInput } from "@/lib/audit/schemas";
import { clientAddress, fromTrustedProxy } from "@/lib/infra/client-address";
import { env } from "@/lib/infra/env";
import { authSecret } from "@/lib/infra/secret";

// Pages need a session; API route handlers check it themselves and answer 401 instead of redirecting.
export async function proxy(request: NextRequest) {
  // A server action from another origin: a clear 403 in the verbs' error shape, instead of the 500
  // Next's own check answers. The verb wrapper checks again (scheme, host and port) inside.
  if (request.method === "POST" && request.headers.has("next-action")) {
    const forwarded = fromTrustedProxy((name) => request.headers.get(name), env().trustedProxies);
    if (!isSameOrigin(request.headers, env().NEXTAUTH_URL, forwarded)) {
      await auditCrossSite(request);
      return Response.json(
        {
          error: {
            code: "forbidden",
            message: "this request's Origin does not match the console; refused",
          },
        },
        { status: 403, headers: { "Cache-Control": "no-store" } },
      );
    }
  }
  // Sign-in derives the console's address from these two headers (AUTH_TRUST_HOST, set by
  // scripts/server.mjs when NEXTAUTH_URL is not): they say what the console believes, never
  // what a client wrote.
  if (request.nextUrl.pathname.startsWith("/api/auth/")) {
    const forwarded = fromTrustedProxy((name) => request.headers.get(name), env().trustedProxies);
    const origin = consoleOrigin(request.headers, env().NEXTAUTH_URL, forwarded);
    const headers = new Headers(request.headers);
    if (origin) {
      const url = new URL(origin);
      headers.set("x-forwarded-host", url.host);
      headers.set("x-forwarded-proto", url.protocol.replace(":", ""));
    }
    return NextResponse.next({ request: { headers } });
  }
  const handler = withAuth(
    // The console layout checks the page's permission from this path on a full page load, so a
    // refusal answers 403 before anything streams (pages check again on client navigation).
    (req: NextRequest) => {
      const headers = new Headers(req.headers);
      headers.set(PAGE_PATH_HEADER, req.nextUrl.pathname);
      return NextResponse.next({ request: { headers } });
    },
    { secret: authSecret(), pages: { signIn: "/login" } },
  );
  return (handler as unknown as (req: NextRequest) => Promise<Response>)(request);
}

/** The refusal's audit record, through the audit module's hook (lib/audit/log.ts). */
async function auditCrossSite(request: NextRequest): Promise<void> {
  const record = (globalThis as Record<symbol, unknown>)[Symbol.for("opsdeck.audit-refusal")] as
    ((input: AuditInput) => void) | undefined;
  if (!record) return;
  const header = (name: string) => request.headers.get(name);
  const session = await getToken({ req: request, secret: authSecret() }).catch(() => null);
  record({
    actor: {
      type: "user",
      id: typeof session?.uid === "string" ? session.uid : undefined,
      name: session?.email ?? "anonymous",
      role: typeof session?.role === "string" ? session.role : undefined,
      ip: clientAddress(header, env().trustedProxies),
      userAgent: header("user-agent")?.slice(0, 300) ?? undefined,
      requestId: header("x-request-id")?.slice(0, 100) || crypto.randomUUID(),
    },
    action: "server-action",
    target: request.nextUrl.pathname,
    params: { actionId: header("next-action")?.slice(0, 100), origin: header("origin")?.slice(0, 200) },
    outcome: "denied",
    message: "cross-site request: this request's Origin does not match the console; refused",
  });
}

export const config = {
  matcher: ["/api/auth/:path*", "/((?!api/|_next/|login|status|favicon.ico|opsdeck.schema.json).*)"],
};
