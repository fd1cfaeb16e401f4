"use client";

import { useEffect, useRef } from "react";
import { useNow } from "@/components/service/use-now";
import type { RunView } from "@/lib/actions/schemas";
import { formatRunDuration } from "./format";
import { useHydrated } from "./local-time";
import { OutputLines } from "./output-lines";
import { RunResult } from "./run-result";
import { RunStatusBadge } from "./run-status-badge";
import { useRunStream, type RunStream } from "./use-run-stream";

/** A run's live output on its own (the action dialog); the run page renders the view itself. */
export function RunOutput({
  runId,
  title,
  onEnd,
  autoFocus,
}: {
  runId: string;
  title: string;
  onEnd?: (run: RunView) => void;
  autoFocus?: boolean;
}) {
  const stream = useRunStream(runId);
  const ended = useRef(false);
  const onEndRef = useRef(onEnd);
  useEffect(() => {
    onEndRef.current = onEnd;
  });
  useEffect(() => {
    if (!ended.current && stream.run && stream.run.status !== "running") {
      ended.current = true;
      onEndRef.current?.(stream.run);
    }
  }, [stream.run]);
  return <RunOutputView stream={stream} title={title} autoFocus={autoFocus} />;
}

/**
 * Status (announced when the run ends), progress when the action reports steps, the output
 * text, the error and the result.
 */
export function RunOutputView({
  stream,
  title,
  autoFocus,
}: {
  stream: RunStream;
  title: string;
  autoFocus?: boolean;
}) {
  const { run, lines, progress, connection } = stream;
  const status = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (autoFocus) status.current?.focus();
  }, [autoFocus]);
  const running = !run || run.status === "running";
  const now = useNow(1000);
  // The server's clock is not the browser's: a running run's age is only shown once hydrated.
  const hydrated = useHydrated();
  const elapsed =
    run && (!running || hydrated) ? (running ? now - Date.parse(run.startedAt) : run.durationMs) : undefined;

  return (
    <div className="space-y-3" data-testid="run-view" data-status={run?.status ?? "connecting"}>
      <div
        ref={status}
        tabIndex={-1}
        className="flex flex-wrap items-center gap-2 text-sm focus-visible:outline-none"
      >
        {run && <RunStatusBadge status={run.status} />}
        <span className="text-muted-foreground tabular-nums" data-testid="run-duration">
          {running ? "running for " : "took "}
          {formatRunDuration(elapsed !== undefined ? Math.max(0, elapsed) : undefined)}
        </span>
        {connection === "connecting" && <span className="text-muted-foreground">· connecting…</span>}
        {run?.outputTruncated && <span className="text-warning">· output truncated</span>}
      </div>
      {/* Always mounted, so the change to the final status is what gets announced. */}
      <p role="status" aria-live="polite" className="sr-only" data-testid="run-announcement">
        {run && !running ? `${title} ${run.status}${run.error ? `: ${run.error}` : ""}` : ""}
      </p>
      {progress && progress.total > 0 && <ProgressBar done={progress.done} total={progress.total} />}
      <OutputLines lines={lines} running={running} label={`Output of ${title}`} />
      {run?.error && (
        <p
          data-testid="run-error"
          className="rounded-md border border-red-300 bg-danger-surface px-3 py-2 text-sm break-words text-danger dark:border-red-900"
        >
          {run.status === "failed" ? "Failed: " : ""}
          {run.error}
        </p>
      )}
      {stream.error && (
        <p role="alert" className="text-sm text-danger">
          {stream.error}
        </p>
      )}
      {run && !running && <RunResult kind={run.kind} result={run.result} runId={run.id} />}
    </div>
  );
}

function ProgressBar({ done, total }: { done: number; total: number }) {
  const pct = Math.max(0, Math.min(100, (done / total) * 100));
  return (
    <div className="space-y-1">
      <div
        role="progressbar"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total}`}
        data-testid="run-progress"
        className="h-2 w-full overflow-hidden rounded-full bg-muted"
      >
        <div className="h-full bg-primary transition-[width]" style={{ width: `${pct}%` }} />
      </div>
      <p className="text-xs text-muted-foreground tabular-nums">
        {done} of {total}
      </p>
    </div>
  );
}
