import { authorize } from "@/lib/auth/access";
import { Validation } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { changeRole } from "@/lib/users/change-role";
import { usersContext } from "@/lib/users/context";
import { jsonBody, noStore } from "@/lib/users/rest";
import { setDisabled } from "@/lib/users/set-disabled";
import type { UserView } from "@/lib/users/schemas";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** Changes a user: `{role?, disabled?}`. Disabling also ends the user's sessions. */
export const PATCH = route(async (req: Request, { params }: Params) => {
  const { id } = await params;
  const actor = await authorize("users.manage", req, {
    mutation: true,
    attempt: { action: "user.update", target: id },
  });
  const { role, disabled, ...rest } = await jsonBody(req, "{role?, disabled?}");
  const unknown = Object.keys(rest);
  if (unknown.length) throw new Validation(`${unknown[0]}: unknown field; expected role or disabled`);
  if (role === undefined && disabled === undefined) throw new Validation("body: expected role or disabled");
  const ctx = await usersContext();
  let user: UserView | undefined;
  if (role !== undefined) user = await changeRole(ctx, actor, { userId: id, role });
  if (disabled !== undefined) user = await setDisabled(ctx, actor, { userId: id, disabled });
  return noStore({ user });
});

/** Users are never deleted (the audit log names them): DELETE disables the account. */
export const DELETE = route(async (req: Request, { params }: Params) => {
  const { id } = await params;
  const actor = await authorize("users.manage", req, {
    mutation: true,
    attempt: { action: "user.disable", target: id },
  });
  return noStore({ user: await setDisabled(await usersContext(), actor, { userId: id, disabled: true }) });
});
