import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { openRunStream } from "@/lib/actions/stream";
import { LIVE_HEADERS } from "@/lib/containers/sse";

export const dynamic = "force-dynamic";

/** SSE: `snapshot` (the run so far), then `line`, `progress` and a final `end`. */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorize("runs.read", req);
  const { id } = await params;
  const body = await openRunStream(id, req.signal);
  return new Response(body, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", ...LIVE_HEADERS },
  });
});
