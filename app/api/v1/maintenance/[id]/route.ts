import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { verbRoute } from "@/lib/http/verb";
import { cancelWindowVerb } from "@/lib/maintenance/cancel";
import { editWindowVerb } from "@/lib/maintenance/edit";
import { windowDetail } from "@/lib/maintenance/queries";

export const dynamic = "force-dynamic";

/** One window: its current or next occurrence, its occurrences and its events. */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorize("services.read", req);
  const { id } = await params;
  return Response.json(await windowDetail(id), { headers: { "Cache-Control": "no-store" } });
});

/** Changes a console window that is not over (only the fields given). */
export const PATCH = verbRoute(editWindowVerb, {
  input: (body, { id }) =>
    body && typeof body === "object" && !Array.isArray(body) ? { ...body, windowId: id } : body,
});

/** Cancels a window that has not started (a recurring one: every occurrence from now on). */
export const DELETE = verbRoute(cancelWindowVerb, { input: (_body, { id }) => ({ windowId: id }) });
