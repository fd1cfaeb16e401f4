import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { verbRoute } from "@/lib/http/verb";
import { listUsers } from "@/lib/users/queries";
import { noStore } from "@/lib/users/rest";
import { createUserVerb } from "@/lib/users/verbs";

export const dynamic = "force-dynamic";

/** Every user account (never a password hash). */
export const GET = route(async (req: Request) => {
  await authorize("users.manage", req, { attempt: { action: "user.list" } });
  return noStore({ users: await listUsers() });
});

/**
 * Creates a user: `{email, name?, role, password?}`. Without a password one is generated and
 * returned once, as `generatedPassword`.
 */
export const POST = verbRoute(createUserVerb, { respond: (created) => noStore(created, 201) });
