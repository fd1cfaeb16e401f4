import { withAuth } from "next-auth/middleware";
import type { NextRequest } from "next/server";
import { isSameOrigin } from "@/lib/auth/origin";
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
  const handler = withAuth({ secret: authSecret(), pages: { signIn: "/login" } });
  return (handler as unknown as (req: NextRequest) => Promise<Response>)(request);
}

export const config = {
  matcher: ["/((?!api/|_next/|login|status|favicon.ico|opsdeck.schema.json).*)"],
};
