import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { usersContext } from "@/lib/users/context";
import { createToken } from "@/lib/users/create-token";
import { listTokens } from "@/lib/users/queries";
import { jsonBody, noStore } from "@/lib/users/rest";

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
export const POST = route(async (req: Request) => {
  const actor = await authorize("users.manage", req, { mutation: true, attempt: { action: "token.create" } });
  const body = await jsonBody(req, "{name, role, expiresInDays?}");
  return noStore(await createToken(await usersContext(), actor, body), 201);
});
