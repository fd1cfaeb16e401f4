import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/infra/db";
import { artifactOf, type ArtifactLocation } from "./from-run";

/** Artifacts as rows: recorded when a run finishes, deleted by retention or an admin (kept as history). */

export interface ArtifactView {
  id: string;
  serviceId: string;
  location: ArtifactLocation;
  path: string;
  name: string;
  bytes: number | null;
  sha256: string | null;
  actionRunId: string | null;
  scheduleId: string | null;
  createdAt: string;
  deletedAt: string | null;
  deletedBy: string | null;
}

type Row = Awaited<ReturnType<Db["artifact"]["findFirstOrThrow"]>>;

export function artifactView(r: Row): ArtifactView {
  return {
    id: r.id,
    serviceId: r.serviceId,
    location: r.location as ArtifactLocation,
    path: r.path,
    name: r.name,
    bytes: r.bytes === null ? null : Number(r.bytes),
    sha256: r.sha256,
    actionRunId: r.actionRunId,
    scheduleId: r.scheduleId,
    createdAt: r.createdAt.toISOString(),
    deletedAt: r.deletedAt?.toISOString() ?? null,
    deletedBy: r.deletedBy,
  };
}

/** Records the file a finished run made, if it made one. */
export async function recordRunArtifact(
  db: Db,
  run: {
    id: string;
    kind: string;
    status: string;
    serviceId: string | null;
    result?: unknown;
    finishedAt?: string;
  },
): Promise<ArtifactView | null> {
  const facts = artifactOf(run);
  if (!facts || !run.serviceId) return null;
  const row = await db.artifact.create({
    data: {
      id: randomUUID(),
      serviceId: run.serviceId,
      location: facts.location,
      path: facts.container ? `${facts.path}@${facts.container}` : facts.path,
      name: facts.name,
      bytes: facts.bytes === null ? null : BigInt(Math.round(facts.bytes)),
      sha256: facts.sha256,
      actionRunId: run.id,
      createdAt: run.finishedAt ? new Date(run.finishedAt) : new Date(),
    },
  });
  return artifactView(row);
}

/** Marks the artifact of a run as the schedule's (retention counts only a schedule's own files). */
export async function claimForSchedule(db: Db, actionRunId: string, scheduleId: string): Promise<void> {
  await db.artifact.updateMany({ where: { actionRunId }, data: { scheduleId } });
}

/** A schedule's files beyond the newest `keep`, oldest last. */
export async function beyondKeep(db: Db, scheduleId: string, keep: number): Promise<ArtifactView[]> {
  const rows = await db.artifact.findMany({
    where: { scheduleId, deletedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: keep,
  });
  return rows.map(artifactView);
}

export async function markDeleted(db: Db, id: string, by: string): Promise<void> {
  await db.artifact.update({ where: { id }, data: { deletedAt: new Date(), deletedBy: by } });
}

export async function listArtifacts(
  db: Db,
  filter: { serviceId?: string; scheduleId?: string; includeDeleted?: boolean; limit?: number },
): Promise<ArtifactView[]> {
  const rows = await db.artifact.findMany({
    where: {
      ...(filter.serviceId ? { serviceId: filter.serviceId } : {}),
      ...(filter.scheduleId ? { scheduleId: filter.scheduleId } : {}),
      ...(filter.includeDeleted ? {} : { deletedAt: null }),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.limit ?? 200,
  });
  return rows.map(artifactView);
}

export async function getArtifact(db: Db, id: string): Promise<ArtifactView | null> {
  const row = await db.artifact.findUnique({ where: { id } });
  return row ? artifactView(row) : null;
}
