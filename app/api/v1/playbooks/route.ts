import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { can } from "@/lib/auth/permissions";
import { listPlaybooks, type PlaybookSummary } from "@/lib/playbooks/queries";

export const dynamic = "force-dynamic";

const isSuggested = (p: PlaybookSummary, service: string) => p.matches.some((m) => m.service === service);

/** The playbooks in effect, with what each cannot run on and the services its triggers match now. */
export const GET = route(async (req: Request) => {
  const actor = await authorize("services.read", req);
  const { playbooks: all, errors } = await listPlaybooks();
  // ?service=<id>: the playbooks about that service (named by a trigger or a step), suggested first.
  const service = new URL(req.url).searchParams.get("service")?.slice(0, 200);
  const playbooks = service
    ? all
        .filter((p) => p.services.includes(service))
        .sort((a, b) => Number(isSuggested(b, service)) - Number(isSuggested(a, service)))
    : all;
  const manager = can(actor.role as never, "config.manage");
  return Response.json(
    { playbooks, ...(manager ? { errors } : { errorCount: errors.length }) },
    { headers: { "Cache-Control": "no-store" } },
  );
});
