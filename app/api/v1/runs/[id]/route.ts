import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { getRun } from "@/lib/actions/queries";

export const dynamic = "force-dynamic";

export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorize("runs.read", req);
  const { id } = await params;
  return Response.json(await getRun(id));
});
