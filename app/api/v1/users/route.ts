import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { usersContext } from "@/lib/users/context";
import { createUser } from "@/lib/users/create-user";
import { listUsers } from "@/lib/users/queries";
import { jsonBody, noStore } from "@/lib/users/rest";

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
export const POST = route(async (req: Request) => {
  const actor = await authorize("users.manage", req, { mutation: true, attempt: { action: "user.create" } });
  const body = await jsonBody(req, "{email, name?, role, password?}");
  return noStore(await createUser(await usersContext(), actor, body), 201);
});
