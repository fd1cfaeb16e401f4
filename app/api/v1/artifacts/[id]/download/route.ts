import { downloadArtifact } from "@/lib/artifacts/download";
import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { artifactDeps } from "@/lib/artifacts/runtime";

export const dynamic = "force-dynamic";

/** The artifact's bytes; needs the permission of the action that made it; audited. */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const actor = await authorize("services.read", req, {
    attempt: { action: "artifact.download", target: id },
  });
  const file = await downloadArtifact(actor, id, artifactDeps());
  return new Response(file.body, {
    headers: {
      "Content-Type": "application/octet-stream",
      ...(file.size !== undefined ? { "Content-Length": String(file.size) } : {}),
      "Content-Disposition": `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "no-store",
      ...(file.sha256 ? { "X-Content-SHA256": file.sha256 } : {}),
    },
  });
});
