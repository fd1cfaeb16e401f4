import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { usersContext } from "@/lib/users/context";
import { noStore } from "@/lib/users/rest";
import { revokeToken } from "@/lib/users/revoke-token";

export const dynamic = "force-dynamic";

/** Revokes the token: the next request that presents it is refused. */
export const DELETE = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const actor = await authorize("users.manage", req, {
    mutation: true,
    attempt: { action: "token.revoke", target: id },
  });
  return noStore({ token: await revokeToken(await usersContext(), actor, { tokenId: id }) });
});
