import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { openStatsStream } from "@/lib/containers/stats-stream";
import { LIVE_HEADERS } from "@/lib/containers/sse";

export const dynamic = "force-dynamic";

/** Server-sent events: live CPU and memory of the service's running containers (shared samplers). */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorize("services.read", req);
  const { id } = await params;
  return new Response(await openStatsStream(id, req.signal), {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", ...LIVE_HEADERS },
  });
});
