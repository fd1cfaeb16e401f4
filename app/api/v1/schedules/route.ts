import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { listSchedules } from "@/lib/schedules/queries";

export const dynamic = "force-dynamic";

/** The schedules in effect with their pause, next occurrence and last runs: `?service=<id>`. */
export const GET = route(async (req: Request) => {
  await authorize("services.read", req);
  const service = new URL(req.url).searchParams.get("service")?.slice(0, 200) || undefined;
  return Response.json(await listSchedules({ service }), { headers: { "Cache-Control": "no-store" } });
});
