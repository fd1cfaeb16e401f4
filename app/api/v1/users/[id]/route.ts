import { verbRoute } from "@/lib/http/verb";
import { noStore } from "@/lib/users/rest";
import { setDisabledVerb, updateUserVerb } from "@/lib/users/verbs";

export const dynamic = "force-dynamic";

/** Changes a user: `{role?, disabled?}`. Disabling also ends the user's sessions. */
export const PATCH = verbRoute(updateUserVerb, {
  input: (body, { id }) => ({ ...(body as object), userId: id }),
  respond: (updated) => noStore(updated),
});

/** Users are never deleted (the audit log names them): DELETE disables the account. */
export const DELETE = verbRoute(setDisabledVerb, {
  input: (_body, { id }) => ({ userId: id, disabled: true }),
  respond: (user) => noStore({ user }),
});
