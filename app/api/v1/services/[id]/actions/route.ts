import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { actionService } from "@/lib/actions/runtime";

export const dynamic = "force-dynamic";

/** The service's actions as this caller sees them (what they may run, and why not). */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await authorize("services.read", req);
  const { id } = await params;
  return Response.json(await actionService().list(id, actor.role as never));
});
