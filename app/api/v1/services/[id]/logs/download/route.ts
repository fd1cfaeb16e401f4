import { authorize } from "@/lib/auth/access";
import { auditLogRead } from "@/lib/containers/audit-read";
import { route } from "@/lib/http/route";
import { downloadLogs } from "@/lib/containers/logs";
import { LIVE_HEADERS } from "@/lib/containers/sse";

export const dynamic = "force-dynamic";

/**
 * The matching log lines of one container as a text file (same query as the live tail).
 * Needs logs.read; the download is recorded in the audit log before a line is sent.
 */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const actor = await authorize("logs.read", req, { attempt: { action: "logs.download", target: id } });
  await auditLogRead(actor, id, new URL(req.url).searchParams, "download");
  const { body, filename } = await downloadLogs(id, new URL(req.url).searchParams, req.signal);
  return new Response(body, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      ...LIVE_HEADERS,
    },
  });
});
