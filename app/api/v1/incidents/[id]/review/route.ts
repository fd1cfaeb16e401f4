import { authorize } from "@/lib/auth/access";
import { NotFound, Validation } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { buildReview, reviewMarkdown } from "@/lib/incidents/review";
import { incidentService } from "@/lib/incidents/runtime";

export const dynamic = "force-dynamic";

/** The post-incident review: `?format=md` (default) or `json`, with the audit numbers of actions taken. */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorize("services.read", req);
  const format = new URL(req.url).searchParams.get("format") ?? "md";
  if (format !== "md" && format !== "json")
    throw new Validation(`format: expected md or json, got "${format.slice(0, 20)}"`);
  const { id } = await params;
  const incident = await incidentService().get(id, { limit: "all" });
  if (!incident) throw new NotFound(`no incident "${id.slice(0, 100)}"`);
  const runIds = incident.timeline
    .filter((e) => e.kind === "action")
    .map((e) => e.ref.slice("action:".length));
  const seqs = await incidentService().auditSeqs(runIds);
  const review = buildReview(incident, seqs);
  const name = `incident-${incident.number}-review.${format}`;
  return format === "json"
    ? Response.json(review, {
        headers: { "Cache-Control": "no-store", "Content-Disposition": `inline; filename="${name}"` },
      })
    : new Response(reviewMarkdown(review), {
        headers: {
          "Content-Type": "text/markdown; charset=utf-8",
          "Cache-Control": "no-store",
          "Content-Disposition": `inline; filename="${name}"`,
        },
      });
});
