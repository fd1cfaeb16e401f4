import "server-only";
import { NotFound } from "@/lib/errors";
import { getDb, type Db } from "@/lib/infra/db";
import { runRegistry } from "./runtime";
import type { OutputLine, RunStatus, RunView } from "./schemas";

export interface RunListFilter {
  serviceId?: string;
  status?: RunStatus;
  /** Runs started before this instant. */
  before?: Date;
  /** The `next` of the previous page: continues exactly after its last run. */
  cursor?: RunCursor;
  limit: number;
}

/** Where a page ended: runs are ordered by start time, then id, so runs sharing a millisecond are neither skipped nor repeated. */
export interface RunCursor {
  startedAt: Date;
  id: string;
}

export function encodeRunCursor(c: RunCursor): string {
  return `${c.startedAt.toISOString()}~${c.id}`;
}

/** null when the text is not a cursor this API handed out. */
export function decodeRunCursor(text: string): RunCursor | null {
  const i = text.indexOf("~");
  if (i < 0) return null;
  const startedAt = new Date(text.slice(0, i));
  const id = text.slice(i + 1);
  if (Number.isNaN(startedAt.getTime()) || !/^[\w-]{1,100}$/.test(id)) return null;
  return { startedAt, id };
}

/**
 * Newest first, from the database, with runs of this replica that are not saved yet merged in.
 * `next` is set when the page is full: pass it as `cursor` for the following page.
 */
export async function listRuns(
  filter: RunListFilter,
  database?: Db,
): Promise<{ runs: RunView[]; next?: string }> {
  const db = database ?? (await getDb());
  const c = filter.cursor;
  const rows = await db.actionRun.findMany({
    where: {
      serviceId: filter.serviceId,
      status: filter.status,
      startedAt: filter.before ? { lt: filter.before } : undefined,
      ...(c
        ? { OR: [{ startedAt: { lt: c.startedAt } }, { startedAt: c.startedAt, id: { lt: c.id } }] }
        : {}),
    },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: filter.limit,
    omit: { output: true, result: true },
  });
  // A list never carries output or results (query rows, values read): those are read one run at
  // a time through readRun, with the action's permission and an audit record.
  const views = rows.map((r) => toView({ ...r, output: null, result: null }));
  const last = rows.at(-1);
  // A live run's in-memory state is newer than its row (status, progress).
  return {
    runs: views.map((v) => {
      const live = runRegistry().get(v.id);
      return live ? { ...live, output: [], result: undefined } : v;
    }),
    next: last && rows.length === filter.limit ? encodeRunCursor(last) : undefined,
  };
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
