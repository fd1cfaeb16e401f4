import { verbRoute } from "@/lib/http/verb";
import { noStore } from "@/lib/users/rest";
import { revokeTokenVerb } from "@/lib/users/verbs";

export const dynamic = "force-dynamic";

/** Revokes the token: the next request that presents it is refused. */
export const DELETE = verbRoute(revokeTokenVerb, {
  input: (_body, { id }) => ({ tokenId: id }),
  respond: (token) => noStore({ token }),
});
