import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { isAlreadyRunning, runAttempt } from "@/lib/actions/service";
import { actionService } from "@/lib/actions/runtime";
import { Validation } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * Starts a run for automation (API token) or scripts: body `{serviceId, actionId, params,
 * confirmation?}`; `?wait=1` answers when the run has finished. 202 with the run's URL otherwise.
 */
export const POST = route(async (req: Request) => {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new Validation("body: expected a JSON object {serviceId, actionId, params}");
  }
  const actor = await authorize("services.read", req, {
    mutation: true,
    attempt: runAttempt(body),
  });
  try {
    const started = await actionService().start(actor, body);
    const url = `/api/v1/runs/${started.runId}`;
    if (new URL(req.url).searchParams.get("wait") === "1") return Response.json(await started.done);
    return Response.json({ runId: started.runId, url }, { status: 202, headers: { Location: url } });
  } catch (error) {
    if (isAlreadyRunning(error))
      return Response.json(
        { error: { code: error.code, message: error.message, runId: error.runId } },
        { status: 409 },
      );
    throw error;
  }
});
