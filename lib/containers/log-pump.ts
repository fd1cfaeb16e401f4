import "server-only";
import type { DockerGateway, LogLine } from "@/lib/infra/docker";
import { stripAnsi } from "./ansi";
import type { LogFilter } from "./log-filter";
import { createBatchFilter } from "./log-filter-runner";
import type { LogLineView } from "./schemas";

export interface PumpOptions {
  containerId: string;
  since?: Date;
  tail: number | "all";
  follow: boolean;
  filter: LogFilter;
  signal: AbortSignal;
  /** Lines are sent in batches at most this often (and when `batchLines` are waiting). */
  flushMs?: number;
  batchLines?: number;
  /** Matched lines beyond this per batch are dropped and counted: a spewing container must not flood the browser. */
  maxLinesPerBatch?: number;
}

export interface LogBatch {
  lines: LogLineView[];
  /** Lines read from Docker for this batch, matched or not. */
  scanned: number;
  dropped: number;
}

/**
 * Reads a container's log through the gateway and hands matching lines to `onBatch` in
 * batches. The filter runs here, on the server, against the text without ANSI codes (what a
 * person sees), within its time budget. Resolves when the log ends (the container stopped, or
 * everything was read without `follow`) or the signal aborts; rejects on a filter that is too
 * slow or a Docker failure.
 */
export async function pumpLogs(
  gateway: DockerGateway,
  o: PumpOptions,
  onBatch: (batch: LogBatch) => boolean | void,
): Promise<void> {
  const runFilter = createBatchFilter(o.filter);
  const controller = new AbortController();
  const signal = AbortSignal.any([o.signal, controller.signal]);
  const batchLines = o.batchLines ?? 500;
  const maxLines = o.maxLinesPerBatch ?? 1000;
  let pending: LogLine[] = [];
  let failure: unknown;

  const flush = () => {
    if (pending.length === 0 || failure) return;
    const batch = pending;
    pending = [];
    try {
      const keep = o.filter.kind === "none" ? null : runFilter(batch.map((l) => stripAnsi(l.line)));
      const matched = keep ? batch.filter((_, i) => keep[i]) : batch;
      const lines = matched
        .slice(-maxLines)
        .map((l) => ({ s: l.stream === "stderr" ? "err" : "out", t: l.ts, l: l.line }) as const);
      // onBatch returns false when it wants no more (a download that reached its cap).
      if (onBatch({ lines, scanned: batch.length, dropped: matched.length - lines.length }) === false)
        controller.abort();
    } catch (error) {
      failure = error;
      controller.abort();
    }
  };

  const timer = setInterval(flush, o.flushMs ?? 100);
  try {
    const logs = gateway.containerLogs(o.containerId, {
      since: o.since,
      tail: o.tail,
      follow: o.follow,
      timestamps: true,
      signal,
    });
    for await (const line of logs) {
      pending.push(line);
      if (pending.length >= batchLines) flush();
      if (failure || signal.aborted) break;
    }
    flush();
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    clearInterval(timer);
  }
  if (failure) throw failure;
}
