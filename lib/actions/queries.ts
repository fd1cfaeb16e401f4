import "server-only";
import { NotFound } from "@/lib/errors";
import { getDb } from "@/lib/infra/db";
import { runRegistry } from "./runtime";
import type { OutputLine, RunStatus, RunView } from "./schemas";

export interface RunListFilter {
  serviceId?: string;
  status?: RunStatus;
  before?: Date;
  limit: number;
}

/** Newest first, from the database, with runs of this replica that are not saved yet merged in. */
export async function listRuns(filter: RunListFilter): Promise<RunView[]> {
  const db = await getDb();
  const rows = await db.actionRun.findMany({
    where: {
      serviceId: filter.serviceId,
      status: filter.status,
      startedAt: filter.before ? { lt: filter.before } : undefined,
    },
    orderBy: { startedAt: "desc" },
    take: filter.limit,
    omit: { output: true },
  });
  const views = rows.map((r) => toView({ ...r, output: null }));
  // A live run's in-memory state is newer than its row (status, progress).
  return views.map((v) => {
    const live = runRegistry().get(v.id);
    return live ? { ...live, output: [] } : v;
  });
}

export async function getRun(id: string): Promise<RunView> {
  const live = runRegistry().get(id);
  if (live) return live;
  const db = await getDb();
  const row = await db.actionRun.findUnique({ where: { id } });
  if (!row) throw new NotFound(`no run ${id}`);
  return toView(row);
}

function toView(r: {
  id: string;
  serviceId: string | null;
  actionId: string;
  kind: string;
  target: string;
  status: string;
  actorName: string;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  params: unknown;
  output: unknown;
  outputTruncated: boolean;
  result: unknown;
  error: string | null;
}): RunView {
  return {
    id: r.id,
    serviceId: r.serviceId,
    actionId: r.actionId,
    kind: r.kind,
    target: r.target,
    status: r.status as RunStatus,
    actorName: r.actorName,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString(),
    durationMs: r.durationMs ?? undefined,
    params: r.params,
    output: Array.isArray(r.output) ? (r.output as OutputLine[]) : [],
    outputTruncated: r.outputTruncated,
    result: r.result ?? undefined,
    error: r.error ?? undefined,
  };
}
