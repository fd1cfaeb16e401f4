import { authorize } from "@/lib/auth/access";
import { auditLogRead } from "@/lib/containers/audit-read";
import { route } from "@/lib/http/route";
import { openLogStream } from "@/lib/containers/logs";
import { LIVE_HEADERS } from "@/lib/containers/sse";

export const dynamic = "force-dynamic";

/**
 * Live tail of one container of the service as NDJSON: ?container=&since=&tail=&q=&regex=&case=.
 * Logs can hold secrets: reading them needs logs.read and is recorded in the audit log first.
 */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const actor = await authorize("logs.read", req, { attempt: { action: "logs.tail", target: id } });
  await auditLogRead(actor, id, new URL(req.url).searchParams, "tail");
  const body = await openLogStream(id, new URL(req.url).searchParams, req.signal);
  return new Response(body, {
    headers: { "Content-Type": "application/x-ndjson; charset=utf-8", ...LIVE_HEADERS },
  });
});
