import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { runArtifact } from "@/lib/actions/download";

export const dynamic = "force-dynamic";

/** The file a run produced (e.g. a Qdrant snapshot), binary-safe; the download is audited. */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const actor = await authorize("data.read", req, { attempt: { action: "run.download", target: id } });
  const file = await runArtifact(actor, id);
  return new Response(file.body, {
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Length": String(file.size),
      "Content-Disposition": `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "no-store",
      ...(file.sha256 ? { "X-Content-SHA256": file.sha256 } : {}),
    },
  });
});
