import { requireUser } from "@/lib/auth/session";
import { route } from "@/lib/http/route";
import { downloadLogs } from "@/lib/containers/logs";
import { LIVE_HEADERS } from "@/lib/containers/sse";

export const dynamic = "force-dynamic";

/**
 * The matching log lines of one container as a text file (same query as the live tail).
 * Needs a session; the audit log (next issue) will record the download here as a log read.
 */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireUser("viewer");
  const { id } = await params;
  const { body, filename } = await downloadLogs(id, new URL(req.url).searchParams, req.signal);
  return new Response(body, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      ...LIVE_HEADERS,
    },
  });
});
