import "server-only";
import path from "node:path";
import { webCatalog } from "@/lib/actions/web-catalog";
import type { Catalog } from "@/lib/catalog/types";
import { configEnv, env } from "@/lib/infra/env";
import { log } from "@/lib/infra/logger";
import { processSingleton } from "@/lib/infra/process-registry";
import { getRuntime } from "@/lib/monitor/runtime";
import { PlaybookLibrary, type LibraryView } from "./library";
import { playbookTargets } from "./targets";

/** The playbooks/ folder beside opsdeck.yml. */
export function playbooksDir(): string {
  return path.join(path.dirname(env().configPath), "playbooks");
}

/** The process's playbook library, loaded and followed from its first use. */
export function playbookLibrary(): PlaybookLibrary {
  return processSingleton(
    "playbooks",
    () => {
      const library = new PlaybookLibrary(playbooksDir(), configEnv());
      library.ready = library.start().catch((error) => {
        log.error("playbooks folder could not be read", { dir: library.dir, error: String(error) });
      });
      return library;
    },
    (library) => library.stop(),
  );
}

/** The catalog playbooks are checked against: the monitor's, or a web replica's own. */
export async function playbookCatalog(): Promise<Catalog | null> {
  const { engine } = getRuntime();
  return engine.currentCatalog() ?? (await webCatalog(engine.dockerGateway));
}

/** The playbooks in effect, each checked against the stack as it is now. */
export async function playbooksView(): Promise<LibraryView> {
  const library = playbookLibrary();
  await library.ready;
  const catalog = await playbookCatalog();
  return library.view(catalog ? cachedTargets(catalog) : null, catalog ?? library);
}

const targetsByCatalog = new WeakMap<Catalog, ReturnType<typeof playbookTargets>>();
function cachedTargets(catalog: Catalog) {
  let targets = targetsByCatalog.get(catalog);
  if (!targets) targetsByCatalog.set(catalog, (targets = playbookTargets(catalog)));
  return targets;
}
