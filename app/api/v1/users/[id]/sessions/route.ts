import { verbRoute } from "@/lib/http/verb";
import { noStore } from "@/lib/users/rest";
import { revokeSessionsVerb } from "@/lib/users/verbs";

export const dynamic = "force-dynamic";

/** Signs the user out everywhere: open sessions end on their next request. */
export const DELETE = verbRoute(revokeSessionsVerb, {
  input: (_body, { id }) => ({ userId: id }),
  respond: (user) => noStore({ user }),
});
