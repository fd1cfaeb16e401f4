import "server-only";
import { discoverCatalog } from "@/lib/catalog/discovery";
import { loadConfigFile } from "@/lib/catalog/load-config";
import type { Catalog } from "@/lib/catalog/types";
import type { DockerGateway } from "@/lib/infra/docker";
import { configEnv, env } from "@/lib/infra/env";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { toDiscoveryShape } from "@/lib/monitor/docker-watch";

const TTL_MS = 5000;
let cached: { at: number; catalog: Promise<Catalog | null> } | null = null;

/**
 * A web-only replica (OPSDECK_ROLE=web) runs no monitor, so it has no catalog of its own: for
 * actions it reads the same config file and the engine's containers, at most every 5 s.
 * Without dependency hints from container environments: actions do not need edges.
 */
export function webCatalog(docker: DockerGateway): Promise<Catalog | null> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.catalog;
  const catalog = build(docker);
  cached = { at: Date.now(), catalog };
  return catalog;
}

async function build(docker: DockerGateway): Promise<Catalog | null> {
  const loaded = await loadConfigFile(env().configPath, configEnv());
  if (!loaded.ok) {
    log.warn("actions unavailable on this web replica: the config file has errors");
    return null;
  }
  const containers = await docker.listContainers({ all: true }).catch((error) => {
    log.warn("actions on this web replica see no containers: Docker unreachable", {
      error: shortErrorMessage(error),
    });
    return [];
  });
  return discoverCatalog({ containers: containers.map(toDiscoveryShape), config: loaded.config }).catalog;
}
