import { auditRefusal, authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { readRun } from "@/lib/actions/read-run";
import { openRunStream } from "@/lib/actions/stream";
import { LIVE_HEADERS } from "@/lib/containers/sse";
import { Forbidden } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * SSE: `snapshot` (the run so far), then `line`, `progress` and a final `end`. Only for those who
 * may see the output (the action's permission); following a read action's output is audited.
 */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await authorize("runs.read", req);
  const { id } = await params;
  const run = await readRun(actor, id, "stream");
  if (run.withheld) {
    const error = new Forbidden(run.withheld);
    auditRefusal(
      actor,
      { action: "run.read", target: run.serviceId ?? undefined, params: { runId: id } },
      error,
    );
    throw error;
  }
  const body = await openRunStream(id, req.signal);
  return new Response(body, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", ...LIVE_HEADERS },
  });
});
