import { currentUser } from "@/lib/auth/session";
import { consoleHealth } from "@/lib/monitor/runtime";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * Liveness and dependency health of the console itself. Anonymous callers (load balancers,
 * the built-in self check) get booleans; signed-in users also get reasons and config errors.
 */
export const GET = route(async () => {
  const health = await consoleHealth();
  const user = await currentUser().catch(() => null);
  const summary = {
    status: health.status,
    time: health.time,
    database: { ok: health.database.ok, kind: health.database.kind, writes: health.database.writes.state },
    docker: { ok: health.docker.state === "connected", state: health.docker.state },
    bus: { mode: health.bus.mode },
    config: { ok: health.config.ok },
  };
  return Response.json(user ? health : summary, { headers: { "Cache-Control": "no-store" } });
});
