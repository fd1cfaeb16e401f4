import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { can } from "@/lib/auth/permissions";
import { listPlaybooks } from "@/lib/playbooks/queries";

export const dynamic = "force-dynamic";

/** The playbooks in effect, with what each cannot run on and the services its triggers match now. */
export const GET = route(async (req: Request) => {
  const actor = await authorize("services.read", req);
  const { playbooks, errors } = await listPlaybooks();
  const manager = can(actor.role as never, "config.manage");
  return Response.json(
    { playbooks, ...(manager ? { errors } : { errorCount: errors.length }) },
    { headers: { "Cache-Control": "no-store" } },
  );
});
