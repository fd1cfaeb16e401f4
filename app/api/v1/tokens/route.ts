import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { verbRoute } from "@/lib/http/verb";
import { listTokens } from "@/lib/users/queries";
import { noStore } from "@/lib/users/rest";
import { createTokenVerb } from "@/lib/users/verbs";

export const dynamic = "force-dynamic";

/** Every API token: prefix, role, dates and status; never a secret or its hash. */
export const GET = route(async (req: Request) => {
  await authorize("users.manage", req, { attempt: { action: "token.list" } });
  return noStore({ tokens: await listTokens() });
});

/**
 * Creates a token: `{name, role, expiresInDays?}`. The answer holds the secret, the only time
 * it is shown; use it as `Authorization: Bearer <secret>`.
 */
export const POST = verbRoute(createTokenVerb, { respond: (created) => noStore(created, 201) });
