import { withAuth } from "next-auth/middleware";
import type { NextRequest } from "next/server";
import { authSecret } from "@/lib/infra/secret";

// Pages need a session; API route handlers check it themselves and answer 401 instead of redirecting.
export function proxy(request: NextRequest) {
  const handler = withAuth({ secret: authSecret(), pages: { signIn: "/login" } });
  return (handler as unknown as (req: NextRequest) => Promise<Response>)(request);
}

export const config = {
  matcher: ["/((?!api/|_next/|login|status|favicon.ico|opsdeck.schema.json).*)"],
};
