import "server-only";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "./env";
import { applyMigrations, clientExecutor } from "./migrate";
import { log, shortErrorMessage } from "./logger";

/**
 * Prisma over Postgres (DATABASE_URL) or, by default, an embedded PGlite database in the data
 * folder. Migrations are applied once, before the first query.
 */

export type Db = PrismaClient;

const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

interface DbHandle {
  client: Db;
  kind: "postgres" | "embedded";
  close(): Promise<void>;
}

const globalForDb = globalThis as unknown as { opsdeckDb?: Promise<DbHandle> };

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

async function openEmbedded(dataDir: string): Promise<DbHandle> {
  const dir = path.join(dataDir, "pglite");
  await mkdir(dir, { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const pglite = await PGlite.create(dir);
  const applied = await applyMigrations(
    {
      query: async (sql, params) => (await pglite.query(sql, params)).rows as never,
      exec: async (sql) => void (await pglite.exec(sql)),
    },
    MIGRATIONS_DIR,
  );
  if (applied.length) log.info("embedded database migrated", { applied, dir });
  const client = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    client,
    kind: "embedded",
    close: async () => {
      await client.$disconnect();
      await pglite.close();
    },
  };
}

function open(): Promise<DbHandle> {
  const { DATABASE_URL, dataDir } = env();
  return DATABASE_URL ? openPostgres(DATABASE_URL) : openEmbedded(dataDir);
}

/** The shared client. A failed open is retried on the next call instead of being cached. */
export async function getDb(): Promise<Db> {
  if (!globalForDb.opsdeckDb) {
    globalForDb.opsdeckDb = open().catch((error) => {
      globalForDb.opsdeckDb = undefined;
      throw error;
    });
  }
  return (await globalForDb.opsdeckDb).client;
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
