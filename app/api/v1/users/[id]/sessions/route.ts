import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { usersContext } from "@/lib/users/context";
import { noStore } from "@/lib/users/rest";
import { revokeSessions } from "@/lib/users/revoke-sessions";

export const dynamic = "force-dynamic";

/** Signs the user out everywhere: open sessions end within 30 s. */
export const DELETE = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const actor = await authorize("users.manage", req, {
    mutation: true,
    attempt: { action: "user.revoke-sessions", target: id },
  });
  return noStore({ user: await revokeSessions(await usersContext(), actor, { userId: id }) });
});
