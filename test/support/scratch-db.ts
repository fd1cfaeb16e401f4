import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { applyMigrations } from "@/lib/infra/migrate";

const MIGRATIONS = path.resolve(__dirname, "../../prisma/migrations");

export interface ScratchDb {
  db: PrismaClient;
  url?: string;
  drop(): Promise<void>;
}

/** A migrated, throwaway database on the test Postgres server. */
export async function scratchPostgres(prefix = "opsdeck_t"): Promise<ScratchDb> {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await applyMigrations(
    {
      query: async (sql, p) => (await client.query(sql, p as unknown[])).rows,
      exec: async (sql) => void (await client.query(sql)),
    },
    MIGRATIONS,
  );
  await client.end();
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString() }) });
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.$disconnect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** A migrated in-memory PGlite database, the embedded default. */
export async function scratchPglite(): Promise<ScratchDb> {
  const lite = new PGlite();
  await applyMigrations(
    {
      query: async (sql, p) => (await lite.query(sql, p)).rows as never,
      exec: async (sql) => void (await lite.exec(sql)),
    },
    MIGRATIONS,
  );
  const db = new PrismaClient({ adapter: new PrismaPGlite(lite) });
  return {
    db,
    async drop() {
      await db.$disconnect();
      await lite.close();
    },
  };
}
