import "server-only";
import { processSingleton } from "@/lib/infra/process-registry";
import { createFanout } from "./fanout";
import { getRuntime, mapSnapshotJson } from "./runtime";

const HEARTBEAT_MS = 15_000;

const fanout = () => processSingleton("health-stream-fanout", () => createFanout(getRuntime().bus));

/** One SSE stream: `snapshot` first, then `change` events from the bus, `: ping` heartbeats. */
export function openHealthStream(signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const write = (chunk: Uint8Array) => {
        if (closed) return;
        try {
          controller.enqueue(chunk);
        } catch {
          cleanup();
        }
      };
      // Join before reading the snapshot and hold changes until it is sent, so none falls in between.
      let held: Uint8Array[] | null = [];
      const leave = fanout().join((chunk) => {
        if (held) held.push(chunk);
        else write(chunk);
      });
      write(encoder.encode(`retry: 2000\nevent: snapshot\ndata: ${await mapSnapshotJson()}\n\n`));
      for (const chunk of held) write(chunk);
      held = null;
      const heartbeat = setInterval(() => write(encoder.encode(`: ping ${Date.now()}\n\n`)), HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        leave();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      signal.addEventListener("abort", cleanup, { once: true });
    },
    cancel() {
      cleanup();
    },
  });
}
