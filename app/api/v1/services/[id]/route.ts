import { requireUser } from "@/lib/auth/session";
import { route } from "@/lib/http/route";
import { getServiceDetail } from "@/lib/monitor/queries";

export const dynamic = "force-dynamic";

/** One service: state, dependencies, dependents, checks with schedule and metric thresholds. */
export const GET = route(async (_req: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireUser("viewer");
  const { id } = await params;
  return Response.json(await getServiceDetail(id), { headers: { "Cache-Control": "no-store" } });
});
