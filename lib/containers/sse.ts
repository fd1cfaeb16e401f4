import "server-only";

/** Headers for a live response: no caching, no compression (it would buffer), no proxy buffering. */
export const LIVE_HEADERS = {
  "Cache-Control": "no-cache, no-store, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
};

export interface LiveWriter {
  write(text: string): void;
  close(): void;
  readonly closed: boolean;
}

/**
 * A text stream for SSE or NDJSON: `start` sets up sources and returns their cleanup, which runs
 * once when the client goes away (abort or cancel) or the producer closes it. Heartbeats keep
 * proxies from closing an idle connection.
 */
export function liveStream(
  signal: AbortSignal,
  start: (out: LiveWriter) => (() => void) | Promise<() => void>,
  heartbeat?: { everyMs: number; text: () => string },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let finish = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let cleanup: (() => void) | undefined = undefined;
      let timer: ReturnType<typeof setInterval> | undefined;
      let closed = false;
      const out: LiveWriter = {
        get closed() {
          return closed;
        },
        write(text) {
          if (closed) return;
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            finish();
          }
        },
        close: () => finish(),
      };
      finish = () => {
        if (closed) return;
        closed = true;
        clearInterval(timer);
        signal.removeEventListener("abort", finish);
        cleanup?.();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      signal.addEventListener("abort", finish, { once: true });
      if (signal.aborted) return finish();
      cleanup = await start(out);
      // The client may have left while `start` was setting up: undo what it set up.
      if (closed) return cleanup();
      if (heartbeat) timer = setInterval(() => out.write(heartbeat.text()), heartbeat.everyMs);
    },
    cancel() {
      finish();
    },
  });
}
