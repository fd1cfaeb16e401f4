import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { readCheckDetail } from "@/lib/monitor/queries";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string; checkId: string }> };

/** What a failing check's target answered, uncut (data.read; each read is audited). */
export const GET = route(async (req: Request, { params }: Params) => {
  const { id, checkId } = await params;
  const actor = await authorize("data.read", req, { attempt: { action: "check.detail", target: id } });
  return Response.json(
    { detail: await readCheckDetail(actor, id, checkId) },
    { headers: { "Cache-Control": "no-store" } },
  );
});
