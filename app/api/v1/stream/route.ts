import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { openHealthStream } from "@/lib/monitor/stream";
import { LIVE_HEADERS } from "@/lib/containers/sse";

export const dynamic = "force-dynamic";

/** Server-sent events: a snapshot first, then every state change, with heartbeats. */
export const GET = route(async (req: Request) => {
  await authorize("services.read", req);
  return new Response(openHealthStream(req.signal), {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", ...LIVE_HEADERS },
  });
});
