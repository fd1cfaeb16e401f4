import { runActionVerb } from "@/lib/actions/run";
import { verbRoute } from "@/lib/http/verb";

export const dynamic = "force-dynamic";

/**
 * Starts a run for automation (API token) or scripts: body `{serviceId, actionId, params,
 * confirmation?}`; `?wait=1` answers when the run has finished. 202 with the run's URL otherwise;
 * 409 with the running run's id when the target is locked.
 */
export const POST = verbRoute(runActionVerb, {
  respond: async (started, req) => {
    if (new URL(req.url).searchParams.get("wait") === "1") return Response.json(await started.done);
    const url = `/api/v1/runs/${started.runId}`;
    return Response.json({ runId: started.runId, url }, { status: 202, headers: { Location: url } });
  },
});
