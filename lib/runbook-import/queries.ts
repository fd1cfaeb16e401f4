import "server-only";
import { playbookCatalog } from "@/lib/playbooks/runtime";
import { importCatalog, type ImportCatalog } from "./catalog";

/**
 * The stack as it is now, reduced for the import page's browser-side matching (catalog.ts says
 * what is kept: no credentials, headers, bodies or query strings, secret-looking arguments masked).
 */
export async function currentImportCatalog(): Promise<ImportCatalog> {
  const catalog = await playbookCatalog();
  return catalog ? importCatalog(catalog.services, catalog.settings.actions.builtins) : { services: [] };
}
