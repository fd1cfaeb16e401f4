import { identify } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { route } from "@/lib/http/route";
import { consoleHealth } from "@/lib/monitor/runtime";

export const dynamic = "force-dynamic";

/**
 * Liveness and dependency health of the console itself. Anonymous callers (load balancers,
 * the built-in self check) get booleans; a signed-in user or an API token also gets reasons, and
 * config errors go only to those who manage the configuration.
 */
export const GET = route(async (req: Request) => {
  const health = await consoleHealth();
  const caller = await identify(req.headers).catch(() => null);
  if (!caller) {
    return Response.json(
      {
        status: health.status,
        time: health.time,
        database: {
          ok: health.database.ok,
          kind: health.database.kind,
          writes: health.database.writes.state,
        },
        docker: { ok: health.docker.state === "connected", state: health.docker.state },
        bus: { mode: health.bus.mode },
        config: { ok: health.config.ok },
        playbooks: { ok: health.playbooks.ok },
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  }
  const manager = can(caller.actor.role as never, "config.manage");
  const config = manager
    ? health.config
    : {
        ok: health.config.ok,
        loadedAt: health.config.loadedAt,
        errors: [],
        hiddenErrors: health.config.errors.length,
      };
  const playbooks = manager
    ? health.playbooks
    : {
        ok: health.playbooks.ok,
        count: health.playbooks.count,
        errors: [],
        hiddenErrors: health.playbooks.errors.length,
      };
  return Response.json({ ...health, config, playbooks }, { headers: { "Cache-Control": "no-store" } });
});
