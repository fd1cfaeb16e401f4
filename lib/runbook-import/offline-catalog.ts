import { discoverCatalog } from "@/lib/catalog/discovery";
import { formatConfigError, loadConfigFile } from "@/lib/catalog/load-config";
import { importCatalog, type ImportCatalog } from "./catalog";

/**
 * The catalog of an opsdeck.yml read from disk, for the command line, tests and benchmarks. Every
 * `${VAR}` reads as empty, which keeps a `${VAR:-default}`'s default; matching needs no secret and
 * this reads none. A file that needs a value (an empty URL is invalid) is read again with each
 * variable standing for itself. Services are as config declares them, with no containers.
 */
const EMPTY_ENV = new Proxy({} as Record<string, string>, { get: () => "" });
const NAMED_ENV = new Proxy({} as Record<string, string>, { get: (_t, name) => `\${${String(name)}}` });

export async function loadImportCatalog(
  file: string,
): Promise<{ ok: true; catalog: ImportCatalog } | { ok: false; errors: string[] }> {
  let result = await loadConfigFile(file, EMPTY_ENV);
  if (!result.ok && result.errors.some((e) => e.line > 0)) result = await loadConfigFile(file, NAMED_ENV);
  if (!result.ok) return { ok: false, errors: result.errors.map(formatConfigError) };
  const { catalog } = discoverCatalog({ containers: [], config: result.config });
  return { ok: true, catalog: importCatalog(catalog.services, catalog.settings.actions.builtins) };
}
