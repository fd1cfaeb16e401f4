import "server-only";
import { chmod, mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { RunContext } from "../types";
import { backupFileName, type BackupDecl } from "./backup-files";
import { findPgTool, runPgTool, splitConnection, type PgConnection } from "./pg-tools";
import { resolveDeclaredUrl, runningContainer, sha256File } from "./support";
import { execIn, fileFacts, volumeMountPath, type InContainer } from "./volume-exec";

/**
 * pg_dump of the declared database, into a folder on the console's host (the local pg_dump,
 * password in its environment only) or into a named volume (pg_dump inside a running
 * container of the service that mounts it, over that container's local socket). Either way
 * the dump is written under a temporary name and renamed once complete.
 */

export const BACKUP_TIMEOUT_MS = 30 * 60_000;

/** Plain dumps carry DROP ... IF EXISTS so that a restore replaces what it recreates, like custom ones. */
function dumpArgs(format: BackupDecl["format"], file: string): string[] {
  return [
    `--format=${format}`,
    `--file=${file}`,
    "--no-password",
    "--verbose",
    ...(format === "plain" ? ["--clean", "--if-exists"] : []),
  ];
}

export async function backupToFolder(ctx: RunContext<BackupDecl>, folder: string) {
  const { target, decl, out, deps, signal } = ctx;
  const conn = splitConnection(resolveDeclaredUrl(decl.url, target));
  const tool = findPgTool("pg_dump", deps.env.PATH);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const file = path.join(folder, backupFileName(target.service.id, conn.database, decl.format));
  const partial = `${file}.partial`;
  out.line(`dumping ${conn.database} with ${tool} into ${file}`, "info");
  try {
    await runPgTool({
      tool,
      args: [...dumpArgs(decl.format, partial), `--dbname=${conn.uri}`],
      password: conn.password,
      pathVar: deps.env.PATH,
      out,
      signal,
    });
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
  // Dumps hold the database's data: readable by the console's user only.
  await chmod(file, 0o600);
  const { size } = await stat(file);
  const sha256 = await sha256File(file, signal);
  out.line(`wrote ${file}: ${size} bytes, sha256 ${sha256}`, "info");
  // `name` is what a restore of this backup takes (and a playbook step can pass on).
  return {
    name: path.basename(file),
    file,
    bytes: size,
    sha256,
    database: conn.database,
    format: decl.format,
  };
}

export async function backupToVolume(ctx: RunContext<BackupDecl>, volume: string) {
  const { target, decl, out, deps, signal } = ctx;
  const conn = splitConnection(resolveDeclaredUrl(decl.url, target));
  const container = runningContainer(target);
  const mount = await volumeMountPath(deps, container, volume);
  const file = path.posix.join(mount, backupFileName(target.service.id, conn.database, decl.format));
  const partial = `${file}.partial`;
  const c: InContainer = { deps, container, signal, timeoutMs: decl.timeout ?? BACKUP_TIMEOUT_MS, out };
  out.line(`dumping ${conn.database} inside ${container.name} into volume ${volume} (${file})`, "info");
  try {
    await execIn(c, ["pg_dump", ...dumpArgs(decl.format, partial), ...socketArgs(conn)]);
    await execIn(c, ["mv", partial, file]);
  } catch (error) {
    await execIn({ ...c, out: undefined, signal: AbortSignal.timeout(10_000) }, ["rm", "-f", partial]).catch(
      () => undefined,
    );
    throw error;
  }
  const { bytes, sha256 } = await fileFacts(c, file);
  out.line(`wrote ${file} in volume ${volume}: ${bytes} bytes, sha256 ${sha256}`, "info");
  return {
    name: path.posix.basename(file),
    volume,
    path: file,
    container: container.name,
    bytes,
    sha256,
    database: conn.database,
    format: decl.format,
  };
}

/**
 * Inside the database's own container the tools connect over the local socket as the URL's
 * user: the password is never needed there, so it never appears on a command line.
 */
export function socketArgs(conn: PgConnection): string[] {
  return [
    ...(conn.user ? [`--username=${conn.user}`] : []),
    ...(conn.port ? [`--port=${conn.port}`] : []),
    `--dbname=${conn.database}`,
  ];
}
