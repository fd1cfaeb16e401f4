import { authorize } from "@/lib/auth/access";
import { route } from "@/lib/http/route";
import { listServiceContainers } from "@/lib/containers/service-containers";

export const dynamic = "force-dynamic";

/** The service's containers: state, health, restarts, start time, image (never their environment). */
export const GET = route(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorize("services.read", req);
  const { id } = await params;
  return Response.json(await listServiceContainers(id), { headers: { "Cache-Control": "no-store" } });
});
