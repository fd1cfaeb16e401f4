"use client";

import { useEffect, useState } from "react";
import { fetchJson } from "@/components/service/fetch-json";
import type { OutputLine, RunView } from "@/lib/actions/schemas";

export interface RunStream {
  run: RunView | null;
  lines: OutputLine[];
  progress?: { done: number; total: number };
  connection: "connecting" | "open" | "ended" | "error";
  error?: string;
}

const FLUSH_MS = 50;

/**
 * A run's output over SSE: the snapshot so far, then lines and progress, then the final run.
 * Lines are applied in batches (a chatty command sends hundreds a second). The stream is
 * closed on `end`, or EventSource would reconnect and replay the finished run.
 */
export function useRunStream(runId: string, initial?: RunView): RunStream {
  const [state, setState] = useState<RunStream>(() => ({
    run: initial ?? null,
    lines: initial?.output ?? [],
    progress: initial?.progress,
    connection: "connecting",
  }));

  const withheld = Boolean(initial?.withheld);
  useEffect(() => {
    // Output this reader may not see is not streamed either (the server would refuse it).
    if (withheld) return;
    const url = `/api/v1/runs/${encodeURIComponent(runId)}`;
    const source = new EventSource(`${url}/stream`);
    let pending: OutputLine[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const parse = <T>(e: Event) => JSON.parse((e as MessageEvent<string>).data) as T;
    const flush = () => {
      timer = undefined;
      const add = pending;
      pending = [];
      if (add.length) setState((s) => ({ ...s, lines: s.lines.concat(add) }));
    };
    const drop = () => {
      clearTimeout(timer);
      timer = undefined;
      const held = pending;
      pending = [];
      return held;
    };

    source.addEventListener("snapshot", (e) => {
      drop();
      const run = parse<RunView>(e);
      setState({ run, lines: run.output, progress: run.progress, connection: "open" });
    });
    source.addEventListener("line", (e) => {
      pending.push(parse<OutputLine>(e));
      timer ??= setTimeout(flush, FLUSH_MS);
    });
    source.addEventListener("progress", (e) => {
      const progress = parse<{ done: number; total: number }>(e);
      setState((s) => ({ ...s, progress }));
    });
    source.addEventListener("end", (e) => {
      source.close();
      const held = drop();
      const run = parse<RunView>(e);
      setState((s) => {
        const seen = s.lines.concat(held);
        return {
          run,
          lines: run.output.length >= seen.length ? run.output : seen,
          progress: run.progress ?? s.progress,
          connection: "ended",
        };
      });
    });
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) {
        setState((s) => (s.connection === "ended" ? s : { ...s, connection: "connecting" }));
        return;
      }
      // Refused for good (gone, signed out): ask once more for the reason, and the saved run.
      fetchJson<RunView>(url)
        .then((run) =>
          setState((s) => ({
            ...s,
            run,
            lines: run.output.length >= s.lines.length ? run.output : s.lines,
            connection: run.status === "running" ? "error" : "ended",
            error:
              run.status === "running" ? "the live output stream closed; reload to follow it" : undefined,
          })),
        )
        .catch((err: Error) => setState((s) => ({ ...s, connection: "error", error: err.message })));
    };
    return () => {
      drop();
      source.close();
    };
  }, [runId, withheld]);

  return state;
}
