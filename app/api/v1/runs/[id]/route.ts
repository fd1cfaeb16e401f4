import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { readRun } from "@/lib/actions/read-run";

export const dynamic = "force-dynamic";

/**
 * One run with its output and result. Without the permission its action required, both are
 * withheld (`withheld` says why); the output of a read action is an audited read.
 */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await authorize("runs.read", req);
  const { id } = await params;
  return Response.json(await readRun(actor, id, "api"), { headers: { "Cache-Control": "no-store" } });
});
