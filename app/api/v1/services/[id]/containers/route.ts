import { requireUser } from "@/lib/auth/session";
import { route } from "@/lib/http/route";
import { listServiceContainers } from "@/lib/containers/service-containers";

export const dynamic = "force-dynamic";

/** The service's containers: state, health, restarts, start time, image (never their environment). */
export const GET = route(async (_req: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireUser("viewer");
  const { id } = await params;
  return Response.json(await listServiceContainers(id), { headers: { "Cache-Control": "no-store" } });
});
