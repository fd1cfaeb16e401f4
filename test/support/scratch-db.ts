import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { applyMigrations, clientExecutor } from "@/lib/infra/migrate";

const MIGRATIONS = path.resolve(__dirname, "../../prisma/migrations");

export interface ScratchDb {
  db: PrismaClient;
  url?: string;
  drop(): Promise<void>;
}

/** A Prisma client with short timeouts, as lib/infra/db.ts builds it, so a dead server fails fast. */
export function prismaFor(url: string): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, connectionTimeoutMillis: 2000, max: 4 }),
  });
}

export async function migrate(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await applyMigrations(clientExecutor(client), MIGRATIONS);
  } finally {
    await client.end();
  }
}

/** A migrated, throwaway database on the test Postgres server; `drop` removes it. */
export async function scratchPostgres(
  prefix = "opsdeck_t",
  adminUrl = process.env.TEST_DATABASE_URL!,
): Promise<ScratchDb> {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const db = prismaFor(url.toString());
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.$disconnect().catch(() => undefined);
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
