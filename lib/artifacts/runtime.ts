import "server-only";
import path from "node:path";
import { webCatalog } from "@/lib/actions/web-catalog";
import { getDb } from "@/lib/infra/db";
import { env } from "@/lib/infra/env";
import { getRuntime } from "@/lib/monitor/runtime";
import type { RemoveDeps } from "./remove";

/** What reading and deleting artifacts needs in this process: the engine, the folders, the catalog. */
export function artifactDeps(): RemoveDeps {
  const { engine } = getRuntime();
  return {
    docker: engine.dockerGateway,
    actionsDir: path.join(env().dataDir, "actions"),
    catalog: async () => engine.currentCatalog() ?? (await webCatalog(engine.dockerGateway)),
    actionOf: async (actionRunId: string) =>
      (await getDb()).actionRun.findUnique({
        where: { id: actionRunId },
        select: { serviceId: true, actionId: true },
      }),
  };
}
