import "server-only";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { PGlite as PGliteType } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "./env";
import { applyMigrations, clientExecutor } from "./migrate";
import { processSingleton, STOP_LATE } from "./process-registry";
import { log, shortErrorMessage } from "./logger";
import { openPgliteThread } from "./pglite-thread";

/**
 * Prisma over Postgres (DATABASE_URL) or, by default, an embedded PGlite database in the data
 * folder. Migrations are applied once, before the first query.
 */

export type Db = PrismaClient;

const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

export interface DbHandle {
  client: Db;
  kind: "postgres" | "embedded";
  close(): Promise<void>;
}

async function openPostgres(url: string): Promise<DbHandle> {
  const pg = await import("pg");
  const migrator = new pg.default.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await migrator.connect();
  try {
    const applied = await applyMigrations(clientExecutor(migrator), MIGRATIONS_DIR);
    if (applied.length) log.info("database migrated", { applied });
  } finally {
    await migrator.end();
  }
  // Short timeouts so a dead database fails fast instead of stalling the monitor.
  const adapter = new PrismaPg({
    connectionString: url,
    connectionTimeoutMillis: 3000,
    max: 10,
    idleTimeoutMillis: 30_000,
  });
  const client = new PrismaClient({ adapter });
  return { client, kind: "postgres", close: () => client.$disconnect() };
}

/** Exported for tests; the console opens it through `getDb`. */
export async function openEmbedded(
  dataDir: string,
  sharedBuffers = env().OPSDECK_EMBEDDED_SHARED_BUFFERS,
): Promise<DbHandle> {
  const dir = path.join(dataDir, "pglite");
  await mkdir(dataDir, { recursive: true });
  await initEmbedded(dir);
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  // On its own thread: a long statement no longer stops the monitor (lib/infra/pglite-thread.ts).
  const pglite = await openPgliteThread(dir, [
    ...PGlite.defaultStartParams,
    "-c",
    `shared_buffers=${sharedBuffers}`,
  ]);
  const applied = await applyMigrations(
    {
      query: async (sql, params) => (await pglite.query(sql, params)).rows as never,
      exec: async (sql) => void (await pglite.exec(sql)),
    },
    MIGRATIONS_DIR,
  );
  if (applied.length) log.info("embedded database migrated", { applied, dir });
  const client = new PrismaClient({ adapter: new PrismaPGlite(pglite as PGliteType) });
  return {
    client,
    kind: "embedded",
    close: async () => {
      await client.$disconnect();
      await pglite.close();
    },
  };
}

/**
 * Creates the embedded database on first start, in a short-lived child process: initdb inside
 * PGlite leaves ~500 MB the process never gets back, so the console only ever opens a database
 * that exists. It is made in a sibling folder and renamed into place, so a crash half-way leaves
 * no half-made database behind.
 */
async function initEmbedded(dir: string): Promise<void> {
  if (existsSync(path.join(dir, "PG_VERSION"))) return;
  if (existsSync(dir) && (await readdir(dir)).length > 0)
    throw new Error(
      `${dir} is not empty but holds no database (no PG_VERSION); move it away to start with a new one`,
    );
  const staging = `${dir}.init`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const entry = pathToFileURL(
    createRequire(path.join(process.cwd(), "package.json")).resolve("@electric-sql/pglite"),
  );
  const script = `const m = await import(${JSON.stringify(entry.href)}); const PGlite = m.PGlite ?? m.default.PGlite;
const db = await PGlite.create(${JSON.stringify(staging)}); await db.close();`;
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "ignore", "pipe"],
      // Nothing of the console's environment (secrets) is needed to make an empty database;
      // node is started by its absolute path, so not even PATH.
      env: { NODE_ENV: "production" },
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `creating the embedded database failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`,
            ),
          ),
    );
  });
  await rm(dir, { recursive: true, force: true }); // empty, checked above
  await rename(staging, dir);
  log.info("embedded database created", { dir, ms: Math.round(performance.now() - started) });
}

function open(): Promise<DbHandle> {
  const { DATABASE_URL, dataDir } = env();
  return DATABASE_URL ? openPostgres(DATABASE_URL) : openEmbedded(dataDir);
}

/** The process's database slot: closed last, since everything else writes through it. */
function slot(): { handle?: Promise<DbHandle> } {
  return processSingleton(
    "database",
    () => ({}) as { handle?: Promise<DbHandle> },
    async (s) => (await s.handle?.catch(() => undefined))?.close(),
    STOP_LATE.database,
  );
}

/** The shared client. A failed open is retried on the next call instead of being cached. */
export async function getDb(): Promise<Db> {
  const s = slot();
  s.handle ??= open().catch((error) => {
    s.handle = undefined;
    throw error;
  });
  return (await s.handle).client;
}

export function databaseKind(): "postgres" | "embedded" {
  return env().DATABASE_URL ? "postgres" : "embedded";
}

/** `select 1` with a deadline: the health endpoint and the write queue use it. */
export async function pingDb(
  timeoutMs = 2000,
): Promise<{ ok: true; latencyMs: number } | { ok: false; error: string }> {
  const started = performance.now();
  try {
    const db = await withTimeout(getDb(), timeoutMs);
    await withTimeout(db.$queryRaw`SELECT 1`, timeoutMs);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, error: shortErrorMessage(error) };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}
