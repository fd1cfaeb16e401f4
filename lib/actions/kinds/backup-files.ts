import "server-only";
import { readdirSync } from "node:fs";
import type { DeclaredAction } from "../schemas";
import type { ActionTarget } from "../types";
import { fileSafe, utcStamp } from "./support";

/**
 * How postgres.backup names its files, and how postgres.restore finds them again:
 * `<service>-<database>-<UTC stamp>.dump` (custom format) or `.sql` (plain).
 */

export type BackupDecl = Extract<DeclaredAction, { kind: "postgres.backup" }>;

/** What a restore's `backup` parameter may look like before it is checked against the listing. */
export const BACKUP_NAME = /^[A-Za-z0-9_.-]{1,200}-\d{8}T\d{6}Z\.(dump|sql)$/;

export function backupFileName(
  serviceId: string,
  database: string,
  format: "custom" | "plain",
  at = new Date(),
) {
  return `${fileSafe(serviceId)}-${fileSafe(database)}-${utcStamp(at)}.${format === "custom" ? "dump" : "sql"}`;
}

/** Names in a listing that this service's backups produced, newest first. */
export function backupsIn(names: readonly string[], serviceId: string): string[] {
  const prefix = `${fileSafe(serviceId)}-`;
  return names
    .filter((n) => n.startsWith(prefix) && BACKUP_NAME.test(n))
    .sort((a, b) => stampOf(b).localeCompare(stampOf(a)) || b.localeCompare(a));
}

function stampOf(name: string): string {
  return /-(\d{8}T\d{6}Z)\.(dump|sql)$/.exec(name)?.[1] ?? "";
}

/** The backup declaration a restore names in `from`, or a message saying what is wrong. */
export function backupSource(target: ActionTarget, from: string): BackupDecl | string {
  const decl = target.service.actions.find((a) => a.id === from);
  if (!decl) return `declaration from: ${target.service.name} has no action "${from}"`;
  if (decl.kind !== "postgres.backup")
    return `declaration from: "${from}" is a ${decl.kind} action, not postgres.backup`;
  return decl;
}

/** Folder listing for the restore form; a missing folder simply has no backups yet. */
export function listFolderBackups(folder: string, serviceId: string): string[] {
  try {
    return backupsIn(readdirSync(folder), serviceId);
  } catch {
    return [];
  }
}
