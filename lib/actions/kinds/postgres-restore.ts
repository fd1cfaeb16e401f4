import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { NotFound } from "@/lib/errors";
import type { DeclaredAction } from "../schemas";
import type { ActionTarget, RunContext } from "../types";
import { BACKUP_NAME, backupSource, backupsIn, listFolderBackups } from "./backup-files";
import { BACKUP_TIMEOUT_MS, socketArgs } from "./postgres-backup";
import { findPgTool, runPgTool, splitConnection } from "./pg-tools";
import { resolveDeclaredUrl, runningContainer } from "./support";
import { execIn, volumeMountPath, type InContainer } from "./volume-exec";

/**
 * Restores a dump made by the service's postgres.backup action (named in `from`) into the
 * declared database: pg_restore for custom dumps, psql for plain ones, each in one
 * transaction that stops at the first error, so a failed restore changes nothing.
 */

export type RestoreDecl = Extract<DeclaredAction, { kind: "postgres.restore" }>;

/** Folder backups are listed when the form is built; volume backups are checked when the run starts. */
export function restoreParams(target: ActionTarget, decl: RestoreDecl) {
  const source = backupSource(target, decl.from);
  let backup: z.ZodType<string>;
  if (typeof source === "string") backup = z.never({ error: () => source });
  else if ("folder" in source.destination) {
    const folder = source.destination.folder;
    const files = listFolderBackups(folder, target.service.id);
    backup = files.length
      ? z.enum(files as [string, ...string[]], {
          error: () => `expected one of the backups: ${files.slice(0, 5).join(", ")}`,
        })
      : z.never({ error: () => `no backups yet in ${folder}` });
  } else
    backup = z
      .string()
      .regex(BACKUP_NAME, "expected a backup file name such as app-db-20260804T123001Z.dump");
  return z.strictObject({ backup: backup.describe("Backup to restore") });
}
export type RestoreParams = z.output<ReturnType<typeof restoreParams>>;

export async function restore(ctx: RunContext<RestoreDecl>, p: RestoreParams) {
  const { target, decl, out, deps, signal } = ctx;
  const source = backupSource(target, decl.from);
  if (typeof source === "string") throw new NotFound(source);
  const conn = splitConnection(resolveDeclaredUrl(decl.url, target));
  const custom = p.backup.endsWith(".dump");
  const started = performance.now();

  if ("folder" in source.destination) {
    const folder = source.destination.folder;
    // The file must still be one of this service's backups (it may have been removed since the form).
    if (!backupsIn(await readdir(folder).catch(() => []), target.service.id).includes(p.backup))
      throw new NotFound(`backup ${p.backup} is no longer in ${folder}`);
    const file = path.join(folder, p.backup);
    const tool = findPgTool(custom ? "pg_restore" : "psql", deps.env.PATH);
    out.line(`restoring ${file} into ${conn.database} with ${path.basename(tool)}`, "info");
    await runPgTool({
      tool,
      args: custom
        ? [...restoreArgs(file), `--dbname=${conn.uri}`]
        : [...psqlArgs(file), `--dbname=${conn.uri}`],
      password: conn.password,
      pathVar: deps.env.PATH,
      out,
      signal,
    });
  } else {
    const volume = source.destination.volume;
    const container = runningContainer(target);
    const mount = await volumeMountPath(deps, container, volume);
    const c: InContainer = { deps, container, signal, timeoutMs: decl.timeout ?? BACKUP_TIMEOUT_MS, out };
    const listing = (await execIn({ ...c, out: undefined }, ["ls", "-1", mount]))
      .split("\n")
      .map((l) => l.trim());
    if (!backupsIn(listing, target.service.id).includes(p.backup))
      throw new NotFound(`backup ${p.backup} is not in volume ${volume}`);
    const file = path.posix.join(mount, p.backup);
    out.line(
      `restoring ${p.backup} from volume ${volume} into ${conn.database} inside ${container.name}`,
      "info",
    );
    const args = socketArgs(conn);
    await execIn(
      c,
      custom ? ["pg_restore", ...restoreArgs(file), ...args] : ["psql", ...psqlArgs(file), ...args],
    );
  }
  const durationMs = Math.round(performance.now() - started);
  out.line(`restored ${p.backup} into ${conn.database} in ${durationMs} ms`, "info");
  return { backup: p.backup, database: conn.database, format: custom ? "custom" : "plain", durationMs };
}

function restoreArgs(file: string): string[] {
  return [
    "--no-password",
    "--verbose",
    "--clean",
    "--if-exists",
    "--single-transaction",
    "--exit-on-error",
    file,
  ];
}

function psqlArgs(file: string): string[] {
  return [
    "--no-password",
    "--quiet",
    "--no-psqlrc",
    "--single-transaction",
    "--set=ON_ERROR_STOP=1",
    `--file=${file}`,
  ];
}
