import pg from "pg";
import { applyMigrations, clientExecutor } from "../../lib/infra/migrate.ts";
import { createSchemaEngine, type PgTarget } from "./schema-engine.mts";

/** Creates a throwaway database, applies the migrations folder to it, runs `fn`, drops it. */
export async function withScratchDatabase<T>(
  adminUrl: string,
  migrationsDir: string,
  fn: (t: PgTarget) => Promise<T>,
): Promise<T> {
  const url = new URL(adminUrl);
  const target: PgTarget = {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: `opsdeck_scratch_${process.pid}_${Date.now()}`,
  };
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${target.database}"`);
  try {
    const client = new pg.Client({ ...target });
    await client.connect();
    try {
      await applyMigrations(clientExecutor(client), migrationsDir);
    } finally {
      await client.end();
    }
    return await fn(target);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${target.database}" WITH (FORCE)`);
    await admin.end();
  }
}

/** SQL that turns the database's schema into the datamodel's; empty when they match. */
export async function diffDatabaseToSchema(target: PgTarget, datamodel: string): Promise<string> {
  const engine = await createSchemaEngine(target, datamodel);
  try {
    const files = [{ path: "schema.prisma", content: datamodel }];
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files, configDir: "prisma" },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] } as never,
    });
    return result.exitCode === 0 ? "" : (result.stdout ?? "");
  } finally {
    engine.free();
  }
}
