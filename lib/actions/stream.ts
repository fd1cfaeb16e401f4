import "server-only";
import { liveStream } from "@/lib/containers/sse";
import { getRun } from "./queries";
import { runRegistry } from "./runtime";
import type { RunEvent } from "./run-state";

const POLL_MS = 1000;

/**
 * The run's output as SSE. A run of this replica streams live; a run started on another
 * replica is followed by polling its saved row until it ends.
 */
export async function openRunStream(id: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const first = await getRun(id); // NotFound before the stream opens
  return liveStream(
    signal,
    (out) => {
      const send = (event: string, data: unknown) =>
        out.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const registry = runRegistry();
      // Subscribe before taking the snapshot so no line falls between them.
      let buffer: RunEvent[] | null = [];
      const unsubscribe = registry.subscribe(id, (e) => {
        if (buffer) buffer.push(e);
        else forward(e);
      });
      const forward = (e: RunEvent) => {
        if (e.type === "line") send("line", e.line);
        else if (e.type === "progress") send("progress", { done: e.done, total: e.total });
        else {
          send("end", e.run);
          out.close();
        }
      };
      const snapshot = registry.get(id) ?? first;
      send("snapshot", snapshot);
      const seen = snapshot.output.length;
      const pending = buffer.filter((e) => e.type !== "line" || !snapshot.output.includes(e.line));
      buffer = null;
      pending.forEach(forward);
      if (snapshot.status !== "running") {
        send("end", snapshot);
        out.close();
        return unsubscribe;
      }
      if (registry.get(id)) return unsubscribe;
      let sent = seen;
      const timer = setInterval(async () => {
        try {
          const run = await getRun(id);
          for (const line of run.output.slice(sent)) send("line", line);
          sent = run.output.length;
          if (run.status !== "running") {
            send("end", run);
            out.close();
          }
        } catch {
          // transient: the next poll tries again
        }
      }, POLL_MS);
      return () => {
        clearInterval(timer);
        unsubscribe();
      };
    },
    { everyMs: 15_000, text: () => `: ping ${Date.now()}\n\n` },
  );
}
