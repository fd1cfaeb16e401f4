import { requireUser } from "@/lib/auth/session";
import { route } from "@/lib/http/route";
import { openStatsStream } from "@/lib/containers/stats-stream";
import { LIVE_HEADERS } from "@/lib/containers/sse";

export const dynamic = "force-dynamic";

/** Server-sent events: live CPU and memory of the service's running containers (shared samplers). */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireUser("viewer");
  const { id } = await params;
  return new Response(await openStatsStream(id, req.signal), {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", ...LIVE_HEADERS },
  });
});
