import { requireUser } from "@/lib/auth/session";
import { route } from "@/lib/http/route";
import { openLogStream } from "@/lib/containers/logs";
import { LIVE_HEADERS } from "@/lib/containers/sse";

export const dynamic = "force-dynamic";

/**
 * Live tail of one container of the service as NDJSON: ?container=&since=&tail=&q=&regex=&case=.
 * Reading logs is a read, but logs can hold secrets: it needs a session, and the audit log
 * (next issue) will record each read here with the user, container and filter.
 */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireUser("viewer");
  const { id } = await params;
  const body = await openLogStream(id, new URL(req.url).searchParams, req.signal);
  return new Response(body, {
    headers: { "Content-Type": "application/x-ndjson; charset=utf-8", ...LIVE_HEADERS },
  });
});
