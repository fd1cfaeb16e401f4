import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { verbRoute } from "@/lib/http/verb";
import { RUN_STATUSES } from "@/lib/playbooks/run-machine";
import { playbookRunner } from "@/lib/playbooks/run-runtime";
import { startPlaybookRunVerb } from "@/lib/playbooks/verbs";

export const dynamic = "force-dynamic";

/** Playbook runs, newest first: `?status=running`, `?playbookId=`, `?serviceId=`. */
export const GET = route(async (req: Request) => {
  await authorize("services.read", req);
  const q = new URL(req.url).searchParams;
  const status = q.get("status") ?? undefined;
  const runs = await playbookRunner().list({
    status: RUN_STATUSES.includes(status as never) ? status : undefined,
    playbookId: q.get("playbookId")?.slice(0, 200) || undefined,
    serviceId: q.get("serviceId")?.slice(0, 200) || undefined,
  });
  return Response.json(
    {
      runs: runs.map(({ playbook: _p, state, ...r }) => ({
        ...r,
        current: state.current,
        owner: state.owner.name,
      })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});

/** Starts a run: `{playbookId, severity?, service?, incident?}`; 201 with the run's URL. */
export const POST = verbRoute(startPlaybookRunVerb, {
  respond: ({ runId }) => {
    const url = `/api/v1/playbook-runs/${runId}`;
    return Response.json({ runId, url }, { status: 201, headers: { Location: url } });
  },
});
