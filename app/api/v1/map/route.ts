import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { mapSnapshotJson } from "@/lib/monitor/runtime";

export const dynamic = "force-dynamic";

/** The current map: stacks, services, checks, edges and their states. */
export const GET = route(async (req: Request) => {
  await authorize("services.read", req);
  return new Response(await mapSnapshotJson(), {
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
});
