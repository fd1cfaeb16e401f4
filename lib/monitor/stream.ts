import "server-only";
import { getRuntime, mapSnapshot } from "./runtime";

const HEARTBEAT_MS = 15_000;

/** One SSE stream: `snapshot` first, then `change` events from the bus, `: ping` heartbeats. */
export function openHealthStream(signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const { bus } = getRuntime();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      // Subscribe before reading the snapshot and hold changes until it is sent, so none falls in between.
      let held: string[] | null = [];
      const unsubscribe = bus.subscribe((event) => {
        const text = `event: change\ndata: ${JSON.stringify(event)}\n\n`;
        if (held) held.push(text);
        else send(text);
      });
      send(`retry: 2000\nevent: snapshot\ndata: ${JSON.stringify(await mapSnapshot())}\n\n`);
      for (const text of held) send(text);
      held = null;
      const heartbeat = setInterval(() => send(`: ping ${Date.now()}\n\n`), HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
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
