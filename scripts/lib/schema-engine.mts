/**
 * Prisma's schema engine as WebAssembly, driven through @prisma/adapter-pg, because the native
 * engine cannot be downloaded on these machines. Used by the migration tooling and the drift test.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

export interface PgTarget {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

// adapter-pg rejects some catalog types (e.g. "char") during introspection; read them as text.
const CATALOG_OIDS = [18, 22, 24, 30, 194, 2205];

let wasmModule: Promise<typeof import("@prisma/schema-engine-wasm")> | null = null;

// The bindings hold one module-global instance: instantiate once per process.
function loadWasm() {
  wasmModule ??= instantiateWasm();
  return wasmModule;
}

async function instantiateWasm() {
  const require = createRequire(import.meta.url);
  const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bg = await import(pathToFileURL(bgPath).href);
  const bytes = await readFile(path.join(path.dirname(bgPath), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return bg as typeof import("@prisma/schema-engine-wasm");
}

type Patchable = Record<string, unknown> & {
  performIO?: (q: unknown) => Promise<{ fields: { dataTypeID: number }[] }>;
};

/** Rewrites catalog-only column types to text on every connection, transaction and shadow DB. */
function patchCatalogTypes<T extends object>(target: T): T {
  const obj = target as unknown as Patchable;
  if (typeof obj.performIO === "function") {
    const original = obj.performIO.bind(obj);
    obj.performIO = async (query: unknown) => {
      const result = await original(query);
      for (const field of result.fields) if (CATALOG_OIDS.includes(field.dataTypeID)) field.dataTypeID = 25;
      return result;
    };
  }
  for (const method of ["connect", "connectToShadowDb", "startTransaction"]) {
    const fn = obj[method];
    if (typeof fn === "function") {
      obj[method] = async (...args: unknown[]) =>
        patchCatalogTypes(await (fn as (...a: unknown[]) => Promise<object>).apply(obj, args));
    }
  }
  return target;
}

export async function createSchemaEngine(target: PgTarget, datamodel: string) {
  const bg = await loadWasm();
  const adapter = patchCatalogTypes(new PrismaPg({ ...target }));
  const engine = await bg.SchemaEngine.new(
    { datamodels: [["schema.prisma", datamodel]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
  return engine;
}
