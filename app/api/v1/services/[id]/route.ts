import { authorize } from "@/lib/auth/access";
import type { Role } from "@/lib/auth/roles";
import { route } from "@/lib/http/route";
import { getServiceDetail } from "@/lib/monitor/queries";

export const dynamic = "force-dynamic";

/**
 * One service: state, dependencies, dependents, checks with schedule and metric thresholds; for
 * roles with data.read, a failing check's `detail` (what the target answered, uncut).
 */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await authorize("services.read", req);
  const { id } = await params;
  return Response.json(await getServiceDetail(id, actor.role as Role | undefined), {
    headers: { "Cache-Control": "no-store" },
  });
});
