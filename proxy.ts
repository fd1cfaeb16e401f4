import { withAuth } from "next-auth/middleware";
import { NextResponse, type NextRequest } from "next/server";
import { PAGE_PATH_HEADER } from "@/lib/auth/page-path";
import { consoleOrigin, isSameOrigin } from "@/lib/auth/origin";
import { fromTrustedProxy } from "@/lib/infra/client-address";
import { env } from "@/lib/infra/env";
import { authSecret } from "@/lib/infra/secret";

// Pages need a session; API route handlers check it themselves and answer 401 instead of redirecting.
export function proxy(request: NextRequest) {
  // A server action from another origin: a clear 403 in the verbs' error shape, instead of the 500
  // Next's own check answers. The verb wrapper checks again (scheme, host and port) inside.
  if (request.method === "POST" && request.headers.has("next-action")) {
    const forwarded = fromTrustedProxy((name) => request.headers.get(name), env().trustedProxies);
    if (!isSameOrigin(request.headers, env().NEXTAUTH_URL, forwarded))
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

export const config = {
  matcher: ["/api/auth/:path*", "/((?!api/|_next/|login|status|favicon.ico|opsdeck.schema.json).*)"],
};
