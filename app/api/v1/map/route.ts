import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { mapSnapshot } from "@/lib/monitor/runtime";

export const dynamic = "force-dynamic";

/** The current map: stacks, services, checks, edges and their states. */
export const GET = route(async (req: Request) => {
  await authorize("services.read", req);
  return Response.json(await mapSnapshot(), { headers: { "Cache-Control": "no-store" } });
});
