import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { getServiceEvents } from "@/lib/monitor/queries";

export const dynamic = "force-dynamic";

/** Recent state changes of the service and its checks, and its containers' Docker events. */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorize("services.read", req);
  const { id } = await params;
  return Response.json(await getServiceEvents(id), { headers: { "Cache-Control": "no-store" } });
});
