import "server-only";
import path from "node:path";
import { auditWriter } from "@/lib/audit/log";
import { getDb } from "@/lib/infra/db";
import { configEnv, env } from "@/lib/infra/env";
import { processSingleton } from "@/lib/infra/process-registry";
import { getRuntime } from "@/lib/monitor/runtime";
import { recordRunArtifact } from "@/lib/artifacts/store";
import { ActionLocks } from "./locks";
import { webCatalog } from "./web-catalog";
import { RunRegistry } from "./run-state";
import { ActionService } from "./service";

/** The process's action service, over the monitor's catalog and Docker gateway. */
export function actionService(): ActionService {
  return processSingleton("actions", createActionService);
}

function createActionService(): ActionService {
  const { engine } = getRuntime();
  const e = env();
  return new ActionService({
    catalog: () => engine.currentCatalog() ?? webCatalog(engine.dockerGateway),
    deps: () => ({
      docker: engine.dockerGateway,
      dataDir: path.join(e.dataDir, "actions"),
      env: configEnv(),
    }),
    audit: auditWriter(),
    locks: new ActionLocks({ db: getDb, redisUrl: e.REDIS_URL }),
    runs: runRegistry(),
    // A file a run made (a dump, a snapshot) is listed as an artifact with the run that made it.
    onFinished: async (run) => void (await recordRunArtifact(await getDb(), run)),
  });
}

export function runRegistry(): RunRegistry {
  return processSingleton(
    "runs",
    () =>
      new RunRegistry(
        getDb,
        () => getRuntime().engine.currentCatalog()?.settings.actions.maxOutputBytes ?? 256 * 1024,
      ),
  );
}
