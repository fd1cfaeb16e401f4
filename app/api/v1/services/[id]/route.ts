import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { getServiceDetail } from "@/lib/monitor/queries";

export const dynamic = "force-dynamic";

/** One service: state, dependencies, dependents, checks with schedule and metric thresholds. */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorize("services.read", req);
  const { id } = await params;
  return Response.json(await getServiceDetail(id), { headers: { "Cache-Control": "no-store" } });
});
