import { authorize } from "@/lib/auth/access";
import { NotFound } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { readPlaybookRun } from "@/lib/playbooks/run-queries";

export const dynamic = "force-dynamic";

/** One run: the playbook as it started, its state, its timeline, and what a wait sees now (polled by the run page). */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorize("services.read", req);
  const { id } = await params;
  const run = await readPlaybookRun(id);
  if (!run) throw new NotFound(`no playbook run "${id.slice(0, 100)}"`);
  return Response.json(run, { headers: { "Cache-Control": "no-store" } });
});
