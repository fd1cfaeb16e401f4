import { appendFile, cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { applyMigrations, MigrationError } from "@/lib/infra/migrate";
import { diffDatabaseToSchema, withScratchDatabase } from "../../scripts/lib/scratch.mts";

const root = path.resolve(__dirname, "../..");
const migrationsDir = path.join(root, "prisma/migrations");
const adminUrl = process.env.TEST_DATABASE_URL!;

describe("prisma/migrations", () => {
  it("produces exactly the schema in schema.prisma (no drift)", async () => {
    const datamodel = await readFile(path.join(root, "prisma/schema.prisma"), "utf8");
    const drift = await withScratchDatabase(adminUrl, migrationsDir, (t) =>
      diffDatabaseToSchema(t, datamodel),
    );
    expect(
      drift,
      `migrations and schema.prisma differ; run npm run db:new-migration -- <name>:\n${drift}`,
    ).toBe("");
  });

  it("detects drift when the database lacks something the schema declares", async () => {
    const datamodel = await readFile(path.join(root, "prisma/schema.prisma"), "utf8");
    const drift = await withScratchDatabase(adminUrl, migrationsDir, async (t) => {
      const c = new pg.Client({ ...t });
      await c.connect();
      await c.query(`ALTER TABLE "User" DROP COLUMN "lastLoginAt"`);
      await c.end();
      return diffDatabaseToSchema(t, datamodel);
    });
    expect(drift).toContain("lastLoginAt");
  });

  it("applies on embedded PGlite with Prisma's bookkeeping, once", async () => {
    const db = new PGlite();
    const exec = {
      query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
      exec: async (sql: string) => void (await db.exec(sql)),
    };
    const first = await applyMigrations(exec, migrationsDir);
    expect(first.length).toBeGreaterThan(0);
    expect(await applyMigrations(exec, migrationsDir)).toEqual([]);
    const rows = (
      await db.query<{ migration_name: string; applied_steps_count: number; finished_at: Date | null }>(
        `SELECT migration_name, applied_steps_count, finished_at FROM "_prisma_migrations"`,
      )
    ).rows;
    expect(rows.map((r) => r.migration_name)).toEqual(first);
    expect(rows.every((r) => r.applied_steps_count === 1 && r.finished_at !== null)).toBe(true);
    await db.close();
  });

  it("refuses to start when an applied migration has been edited, naming the file", async () => {
    const db = new PGlite();
    const exec = {
      query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
      exec: async (sql: string) => void (await db.exec(sql)),
    };
    const copy = await mkdtemp(path.join(tmpdir(), "opsdeck-migrations-"));
    try {
      await cp(migrationsDir, copy, { recursive: true });
      const applied = await applyMigrations(exec, copy);
      const edited = path.join(copy, applied[0], "migration.sql");
      await appendFile(edited, "\n-- a later edit\n");
      const error = await applyMigrations(exec, copy).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as Error).message).toContain(edited);
      expect((error as Error).message).toMatch(/edited after it was applied/);
    } finally {
      await db.close();
      await rm(copy, { recursive: true, force: true });
    }
  });
});
