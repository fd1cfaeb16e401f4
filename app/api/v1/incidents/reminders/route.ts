import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { incidentService } from "@/lib/incidents/runtime";

export const dynamic = "force-dynamic";

/**
 * What the caller is reminded of about open incidents: as commander, targets due within five
 * minutes or missed; as the one a severity escalates to, missed targets. Polled by the console.
 */
export const GET = route(async (req: Request) => {
  const actor = await authorize("services.read", req);
  const reminders = await incidentService().reminders({ email: actor.name, role: actor.role ?? "" });
  return Response.json({ reminders }, { headers: { "Cache-Control": "no-store" } });
});
