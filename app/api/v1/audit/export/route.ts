import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { exportAudit } from "@/lib/audit/read";

export const dynamic = "force-dynamic";

/** CSV or JSONL of every event matching the filters (?format=csv|jsonl); the export itself is audited. */
export const GET = route(async (req: Request) => {
  const actor = await authorize("audit.read", req, { attempt: { action: "audit.export" } });
  const { body, filename, contentType } = await exportAudit(actor, new URL(req.url).searchParams);
  return new Response(body, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
});
