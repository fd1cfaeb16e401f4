import { authorize } from "@/lib/auth/access";
import { artifactsFor } from "@/lib/artifacts/queries";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Files actions and schedules made, newest first: `?service=&schedule=&deleted=1`. */
export const GET = route(async (req: Request) => {
  const actor = await authorize("services.read", req);
  const q = new URL(req.url).searchParams;
  const artifacts = await artifactsFor(actor, {
    serviceId: q.get("service")?.slice(0, 200) || undefined,
    scheduleId: q.get("schedule")?.slice(0, 100) || undefined,
    includeDeleted: q.get("deleted") === "1",
  });
  return Response.json({ artifacts }, { headers: { "Cache-Control": "no-store" } });
});
