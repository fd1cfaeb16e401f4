import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { auditPage } from "@/lib/audit/read";

export const dynamic = "force-dynamic";

/** A page of audit events: ?actor=&action=&target=&outcome=&from=&to=&before=&limit=. */
export const GET = route(async (req: Request) => {
  await authorize("audit.read", req);
  return Response.json(await auditPage(new URL(req.url).searchParams));
});
