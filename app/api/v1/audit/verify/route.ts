import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { verifyAuditChain } from "@/lib/audit/read";

export const dynamic = "force-dynamic";

/** Recomputes the whole chain and names the first broken record. */
export const GET = route(async (req: Request) => {
  const actor = await authorize("audit.verify", req);
  return Response.json(await verifyAuditChain(actor));
});
