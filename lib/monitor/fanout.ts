import type { Bus } from "./bus";

/**
 * One subscription to the bus for every open health stream of this process. Events that arrive
 * in the same turn of the event loop (one check result usually changes the check, its service,
 * the services it impacts and the stack) are framed and encoded once, as one chunk, and that
 * same chunk is handed to every stream. With 500 streams on a replica, a change used to cost
 * 500 x (events) JSON encodings and stream writes; now it costs one encoding and 500 writes.
 */
export type Sink = (chunk: Uint8Array) => void;

export interface Fanout {
  /** Adds a stream; returns its leave function. The bus is subscribed while anyone listens. */
  join(sink: Sink): () => void;
  listeners(): number;
}

export function createFanout(
  bus: Pick<Bus, "subscribe">,
  defer: (fn: () => void) => void = setImmediate,
): Fanout {
  const encoder = new TextEncoder();
  const sinks = new Set<Sink>();
  let pending: string[] = [];
  let scheduled = false;
  let unsubscribe: (() => void) | null = null;

  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const chunk = encoder.encode(pending.join(""));
    pending = [];
    for (const sink of [...sinks]) {
      try {
        sink(chunk);
      } catch {
        // a stream that broke mid-write leaves on its own; the others still get the chunk
      }
    }
  };

  return {
    join(sink) {
      sinks.add(sink);
      unsubscribe ??= bus.subscribe((event) => {
        // Changes of runs and incidents have their own streams (lib/live/records.ts).
        if (event.type.startsWith("record.")) return;
        pending.push(`event: change\ndata: ${JSON.stringify(event)}\n\n`);
        if (!scheduled) {
          scheduled = true;
          defer(flush);
        }
      });
      return () => {
        if (!sinks.delete(sink) || sinks.size > 0) return;
        unsubscribe?.();
        unsubscribe = null;
        pending = [];
      };
    },
    listeners: () => sinks.size,
  };
}
