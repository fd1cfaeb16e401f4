import "server-only";
import type { Db } from "@/lib/infra/db";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import type { OutputLine, RunStatus, RunView } from "./schemas";

export type RunEvent =
  | { type: "line"; line: OutputLine }
  | { type: "progress"; done: number; total: number }
  | { type: "end"; run: RunView };

const KEEP_IN_MEMORY = 300;
const RETRY_MS = 10_000;
const RETRY_FOR_MS = 60 * 60_000;

/**
 * Runs this replica started: their live output for streaming, and their persistence. The
 * database row is written at start and at the end; when the database is down the row is
 * retried until it returns, while the in-memory copy keeps serving the output.
 */
export class RunRegistry {
  private runs = new Map<
    string,
    {
      view: RunView;
      bytes: number;
      listeners: Set<(e: RunEvent) => void>;
      startedMs: number;
      saving: Promise<void>;
    }
  >();

  constructor(
    private readonly db: () => Promise<Db>,
    private readonly maxOutputBytes: () => number,
  ) {}

  create(view: RunView): void {
    this.runs.set(view.id, {
      view,
      bytes: 0,
      listeners: new Set(),
      startedMs: performance.now(),
      saving: Promise.resolve(),
    });
    while (this.runs.size > KEEP_IN_MEMORY) {
      const oldest = [...this.runs.values()].find((r) => r.view.status !== "running");
      if (!oldest) break;
      this.runs.delete(oldest.view.id);
    }
    // Saved a moment later: the first row is for other replicas' lists, and writing it must not
    // compete with the action's own first call (this replica serves the run from memory).
    setTimeout(() => this.save(view.id), 100).unref();
  }

  get(id: string): RunView | undefined {
    return this.runs.get(id)?.view;
  }

  line(id: string, text: string, stream: OutputLine["stream"] = "out"): void {
    const run = this.runs.get(id);
    if (!run || run.view.status !== "running") return;
    if (run.view.outputTruncated) return;
    const size = Buffer.byteLength(text);
    let line: OutputLine = { t: Math.round(performance.now() - run.startedMs), stream, text };
    if (run.bytes + size > this.maxOutputBytes()) {
      run.view.outputTruncated = true;
      line = { ...line, stream: "info", text: `output truncated at ${this.maxOutputBytes()} bytes` };
    }
    run.bytes += size;
    run.view.output.push(line);
    for (const l of run.listeners) l({ type: "line", line });
  }

  progress(id: string, done: number, total: number): void {
    const run = this.runs.get(id);
    if (!run) return;
    run.view.progress = { done, total };
    for (const l of run.listeners) l({ type: "progress", done, total });
  }

  finish(id: string, status: RunStatus, outcome: { result?: unknown; error?: string }): RunView | undefined {
    const run = this.runs.get(id);
    if (!run) return undefined;
    const finished = new Date();
    run.view = {
      ...run.view,
      status,
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - new Date(run.view.startedAt).getTime(),
      result: outcome.result,
      error: outcome.error,
    };
    for (const l of run.listeners) l({ type: "end", run: run.view });
    run.listeners.clear();
    this.save(id);
    return run.view;
  }

  subscribe(id: string, listener: (e: RunEvent) => void): () => void {
    const run = this.runs.get(id);
    if (!run) return () => undefined;
    run.listeners.add(listener);
    return () => run.listeners.delete(listener);
  }

  /** Saves run by run in order, so the row written at the end is never overwritten by the one from the start. */
  private save(id: string): void {
    const run = this.runs.get(id);
    if (run) run.saving = run.saving.then(() => this.persist(id));
  }

  /** Resolves when every save of the run so far has been attempted (for tests and shutdown). */
  async saved(id: string): Promise<void> {
    await this.runs.get(id)?.saving;
  }

  private async persist(id: string, since = Date.now()): Promise<void> {
    const view = this.runs.get(id)?.view;
    if (!view) return;
    const data = {
      serviceId: view.serviceId,
      actionId: view.actionId,
      kind: view.kind,
      target: view.target,
      params: (view.params ?? undefined) as object | undefined,
      status: view.status,
      actorName: view.actorName,
      startedAt: new Date(view.startedAt),
      finishedAt: view.finishedAt ? new Date(view.finishedAt) : null,
      durationMs: view.durationMs ?? null,
      output: view.output as unknown as object,
      outputTruncated: view.outputTruncated,
      result: (view.result ?? undefined) as object | undefined,
      error: view.error ?? null,
    };
    try {
      const db = await this.db();
      await db.actionRun.upsert({ where: { id }, create: { id, ...data }, update: data });
    } catch (error) {
      if (Date.now() - since > RETRY_FOR_MS) {
        log.error("action run could not be saved; its audit events remain", {
          runId: id,
          error: shortErrorMessage(error),
        });
        return;
      }
      // Retry later without holding up the chain: the newest state is read again when it fires.
      setTimeout(() => void this.persist(id, since), RETRY_MS).unref();
    }
  }
}
