import { authorize } from "@/lib/auth/access";
import { NotFound } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { recordChannel } from "@/lib/live/runtime";
import { readPlaybookRun } from "@/lib/playbooks/run-queries";
import { playbookRunner } from "@/lib/playbooks/run-runtime";

export const dynamic = "force-dynamic";

/**
 * Server-sent events of one run: `changed` with the run as GET /api/v1/playbook-runs/<id> answers
 * it when anything in it changes, `viewers` with who has it open.
 */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await authorize("services.read", req);
  const { id } = await params;
  const run = /^[0-9a-f-]{36}$/i.test(id) ? await playbookRunner().get(id) : null;
  if (!run) throw new NotFound(`no playbook run "${id.slice(0, 100)}"`);
  return recordChannel().open("playbook-run", run.id, actor.name, req.signal, () => readPlaybookRun(run.id));
});
