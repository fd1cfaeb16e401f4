import "server-only";
import type { Db } from "@/lib/infra/db";
import { log } from "@/lib/infra/logger";

/**
 * The embedded database (PGlite) runs no autovacuum, so nothing else would do its two jobs for
 * the history tables, which retention and roll-ups change all day:
 * - planner statistics (ANALYZE): without them a retention DELETE on 17 M samples was planned as
 *   a sequential scan, seconds of work every minute;
 * - VACUUM: rows that retention deleted, and roll-up rows that were rewritten, only become free
 *   space after a VACUUM; without it the data folder grows by a day of samples every day.
 * As autovacuum does, ANALYZE runs when the tables were never analyzed (and then every
 * `analyzeEveryMs`), and a table is vacuumed once the rows changed since its last VACUUM pass
 * `vacuumFraction` of its rows. The count starts again at every start of the console, so after a
 * restart a VACUUM comes at most one threshold later than it would have. It runs on the
 * database's own thread (lib/infra/pglite-thread.ts): checks go on; database writes wait
 * (about 10 s for a table of 17 M samples on 2 vCPUs, measured), queued in memory meanwhile.
 */

export const MAINTAINED_TABLES = ["CheckSample", "CheckRollup"] as const;
export type MaintainedTable = (typeof MAINTAINED_TABLES)[number];

export interface MaintenanceOptions {
  analyzeEveryMs: number;
  vacuumFraction: number;
  /** Changes below this never start a VACUUM, however small the table (autovacuum's base threshold, scaled up). */
  vacuumMinRows: number;
}

export const DEFAULT_MAINTENANCE: MaintenanceOptions = {
  analyzeEveryMs: 6 * 3_600_000,
  vacuumFraction: 0.2,
  vacuumMinRows: 10_000,
};

export interface EmbeddedMaintenance {
  /** Rows deleted or rewritten in `table` (retention, roll-up upserts). */
  changed(table: MaintainedTable, rows: number): void;
  /** Runs what is due; returns what it ran (for logs and tests). */
  run(db: Db, now?: number): Promise<string[]>;
}

export function createEmbeddedMaintenance(
  options: MaintenanceOptions = DEFAULT_MAINTENANCE,
): EmbeddedMaintenance {
  const changed = new Map<MaintainedTable, number>(MAINTAINED_TABLES.map((t) => [t, 0]));
  let analyzedAt: number | null = null;

  async function rowEstimates(db: Db): Promise<Map<string, number>> {
    const rows = await db.$queryRawUnsafe<{ table: string; rows: number }[]>(
      `SELECT relname AS "table", reltuples::float8 AS "rows" FROM pg_class
        WHERE relkind = 'r' AND relname = ANY($1::text[])`,
      [...MAINTAINED_TABLES],
    );
    return new Map(rows.map((r) => [r.table, Number(r.rows)]));
  }

  return {
    changed(table, rows) {
      changed.set(table, (changed.get(table) ?? 0) + Math.max(0, rows));
    },
    async run(db, now = Date.now()) {
      const ran: string[] = [];
      // First after every start: nobody can tell when (or whether) the tables were last analyzed.
      if (analyzedAt === null || now - analyzedAt >= options.analyzeEveryMs) {
        const started = performance.now();
        for (const table of MAINTAINED_TABLES) await db.$executeRawUnsafe(`ANALYZE "${table}"`);
        analyzedAt = now;
        ran.push("analyze");
        log.info("embedded database analyzed", {
          tables: MAINTAINED_TABLES,
          ms: Math.round(performance.now() - started),
        });
      }
      const estimates = await rowEstimates(db);
      for (const table of MAINTAINED_TABLES) {
        const rows = Math.max(0, estimates.get(table) ?? 0);
        const n = changed.get(table) ?? 0;
        if (n < options.vacuumMinRows || n < options.vacuumFraction * rows) continue;
        const started = performance.now();
        await db.$executeRawUnsafe(`VACUUM (ANALYZE) "${table}"`);
        changed.set(table, 0);
        ran.push(`vacuum ${table}`);
        log.info("embedded database vacuumed", {
          table,
          changedRows: n,
          rows: Math.round(rows),
          ms: Math.round(performance.now() - started),
        });
      }
      return ran;
    },
  };
}
