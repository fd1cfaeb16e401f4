import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { declaredParamsSchema } from "../params";
import type { DeclaredAction } from "../schemas";
import type { ActionKind } from "../types";
import type { BackupDecl } from "./backup-files";
import { backupToFolder, backupToVolume, BACKUP_TIMEOUT_MS } from "./postgres-backup";
import { readOnlyQuery, textTable } from "./postgres-query";
import { restore, restoreParams, type RestoreDecl, type RestoreParams } from "./postgres-restore";
import { resolveDeclaredUrl } from "./support";

type QueryDecl = Extract<DeclaredAction, { kind: "postgres.query" }>;
type Params = Record<string, unknown>;

export const postgresQuery: ActionKind<QueryDecl, Params> = {
  kind: "postgres.query",
  title: "Run query",
  description: "Run a declared read-only query and show the rows as a table.",
  targetKind: "service",
  permission: "data.read",
  confirm: "none",
  read: true,
  timeoutMs: 30_000,
  params: (_target, decl) => declaredParamsSchema(decl.params) as z.ZodType<Params>,
  // A read: several people may look at the same numbers at once.
  concurrencyKey: (target, _p, decl) => `${target.service.id}:${decl.id}:${randomUUID()}`,
  async run({ target, decl, out, signal }, p) {
    // $1..$n are the declared params in order; Postgres itself reports a count that does not fit.
    const values = decl.params.map((d) => p[d.name] ?? null);
    const result = await readOnlyQuery({
      url: resolveDeclaredUrl(decl.url, target),
      query: decl.query,
      values,
      maxRows: decl.maxRows,
      // Leave the run's own timeout a moment to report the statement timeout properly.
      timeoutMs: Math.max(1000, (decl.timeout ?? postgresQuery.timeoutMs) - 2000),
      signal,
    });
    for (const line of textTable(result.columns, result.rows)) out.line(line, "out");
    out.line(
      `${result.rowCount} row(s)${result.truncated ? `; showing the first ${result.rows.length}` : ""}`,
      "info",
    );
    return result;
  },
};

export const postgresBackup: ActionKind<BackupDecl, Record<string, never>> = {
  kind: "postgres.backup",
  title: "Back up database",
  description: "pg_dump the database into a folder or a named volume; reports size and SHA-256.",
  targetKind: "service",
  permission: "actions.run.safe",
  confirm: "confirm",
  read: false,
  timeoutMs: BACKUP_TIMEOUT_MS,
  params: () => z.strictObject({}),
  // Shared with the restores that read this action's dumps: never dump and restore at once.
  concurrencyKey: (target, _p, decl) => `${target.service.id}:postgres:${decl.id}`,
  run: (ctx) =>
    "folder" in ctx.decl.destination
      ? backupToFolder(ctx, ctx.decl.destination.folder)
      : backupToVolume(ctx, ctx.decl.destination.volume),
};

export const postgresRestore: ActionKind<RestoreDecl, RestoreParams> = {
  kind: "postgres.restore",
  title: "Restore database",
  description: "Restore a backup made by this service's backup action, replacing what the dump contains.",
  targetKind: "service",
  permission: "actions.run.privileged",
  confirm: "type-name",
  read: false,
  timeoutMs: BACKUP_TIMEOUT_MS,
  params: restoreParams,
  concurrencyKey: (target, _p, decl) => `${target.service.id}:postgres:${decl.from}`,
  describeTarget: (target, p) => `${target.service.id} (restore ${p.backup})`,
  run: restore,
};
