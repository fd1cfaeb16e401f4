import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/**
 * Applies prisma/migrations at start-up without Prisma's native schema engine (it cannot be
 * downloaded here). Same folder layout and `_prisma_migrations` bookkeeping as `prisma migrate
 * deploy`, under the same advisory lock, so the real engine sees nothing left to apply.
 */

export interface SqlExecutor {
  /** Runs one statement with parameters and returns rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements. */
  exec(sql: string): Promise<void>;
}

const PRISMA_MIGRATE_LOCK = 72707369;

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Adapts a node-postgres client (anything with `query(sql, params)` returning rows) to SqlExecutor. */
export function clientExecutor(client: {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}): SqlExecutor {
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    exec: async (sql) => void (await client.query(sql)),
  };
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const out: MigrationFile[] = [];
  for (const name of folders) {
    const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8").catch(() => null);
    if (sql === null) continue;
    out.push({ name, sql, checksum: createHash("sha256").update(sql).digest("hex") });
  }
  return out;
}

export class MigrationError extends Error {}

/** Applies pending migrations in order; returns the names applied. */
export async function applyMigrations(db: SqlExecutor, dir: string): Promise<string[]> {
  const migrations = await readMigrations(dir);
  await db.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
  try {
    await db.exec(BOOKKEEPING);
    const rows = await db.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`);
    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed) {
      throw new MigrationError(
        `migration ${failed.migration_name} failed earlier and was not rolled back; fix the database by hand, then mark it rolled back`,
      );
    }
    const applied = new Map(
      rows.filter((r) => r.finished_at !== null).map((r) => [r.migration_name, r.checksum]),
    );
    // An applied migration edited since: the database no longer matches the files; refuse to start.
    for (const m of migrations) {
      const was = applied.get(m.name);
      if (was !== undefined && was !== m.checksum)
        throw new MigrationError(
          `${path.join(dir, m.name, "migration.sql")} was edited after it was applied (applied sha256 ${was.slice(0, 12)}…, file now ${m.checksum.slice(0, 12)}…); restore the file and put the change in a new migration`,
        );
    }
    const done: string[] = [];
    for (const m of migrations) {
      if (applied.has(m.name)) continue;
      const id = randomUUID();
      await db.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
        [id, m.checksum, m.name],
      );
      try {
        await db.exec(`BEGIN;\n${m.sql}\nCOMMIT;`);
      } catch (error) {
        await db.exec("ROLLBACK").catch(() => {});
        const message = error instanceof Error ? error.message : String(error);
        await db.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, message]);
        throw new MigrationError(`migration ${m.name} failed: ${message}`);
      }
      await db.query(
        `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
        [id],
      );
      done.push(m.name);
    }
    return done;
  } finally {
    await db.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]);
  }
}
