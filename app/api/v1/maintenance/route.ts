import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { verbRoute } from "@/lib/http/verb";
import { createWindowVerb } from "@/lib/maintenance/create";
import { maintenanceOverview } from "@/lib/maintenance/queries";

export const dynamic = "force-dynamic";

/** Maintenance windows on now, coming up and recently over (config's and the console's). */
export const GET = route(async (req: Request) => {
  await authorize("services.read", req);
  return Response.json(await maintenanceOverview(), { headers: { "Cache-Control": "no-store" } });
});

/**
 * Creates a window: `{title, services?, stacks?, tags?, start?, end? | duration?, recurring?,
 * description?, notes?, owner?, playbook?, announce?}`; 201 with its URL.
 */
export const POST = verbRoute(createWindowVerb, {
  respond: ({ id }) => {
    const url = `/api/v1/maintenance/${id}`;
    return Response.json(
      { id, url },
      { status: 201, headers: { Location: url, "Cache-Control": "no-store" } },
    );
  },
});
