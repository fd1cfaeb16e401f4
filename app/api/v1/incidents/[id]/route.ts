import { authorize } from "@/lib/auth/access";
import { NotFound } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { incidentService } from "@/lib/incidents/runtime";

export const dynamic = "force-dynamic";

/** One incident: its clocks, roles, and the timeline (written by people and by Opsdeck). */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorize("services.read", req);
  const { id } = await params;
  // The newest 300 entries of each source by default; ?timeline=all for every one.
  const all = new URL(req.url).searchParams.get("timeline") === "all";
  const incident = await incidentService().get(id, all ? { limit: "all" } : {});
  if (!incident) throw new NotFound(`no incident "${id.slice(0, 100)}"`);
  return Response.json(incident, { headers: { "Cache-Control": "no-store" } });
});
