import { authorize } from "@/lib/auth/access";
import { Validation } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { isHistoryRange } from "@/lib/monitor/history";
import { getServiceHistory } from "@/lib/monitor/queries";

export const dynamic = "force-dynamic";

/** Latency, uptime, state timeline and metrics of a service over ?range=1h|24h|7d. */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorize("services.read", req);
  const { id } = await params;
  const range = new URL(req.url).searchParams.get("range") ?? "1h";
  if (!isHistoryRange(range)) throw new Validation("range: expected 1h, 24h or 7d");
  return Response.json(await getServiceHistory(id, range), { headers: { "Cache-Control": "no-store" } });
});
