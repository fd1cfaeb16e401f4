import { authorize } from "@/lib/auth/access";
import { NotFound } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { incidentService } from "@/lib/incidents/runtime";
import { recordChannel } from "@/lib/live/runtime";

export const dynamic = "force-dynamic";

/**
 * Server-sent events of one incident: `changed` with the incident as GET /api/v1/incidents/<id>
 * answers it (default timeline) when anything in it changes, `viewers` with who has it open.
 */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await authorize("services.read", req);
  const { id } = await params;
  const incident = await incidentService().find(id);
  if (!incident) throw new NotFound(`no incident "${id.slice(0, 100)}"`);
  return recordChannel().open("incident", incident.id, actor.name, req.signal, () =>
    incidentService().get(incident.id, {}),
  );
});
