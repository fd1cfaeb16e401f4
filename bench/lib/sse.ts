/**
 * A minimal SSE client over fetch that timestamps each event on arrival (performance.now()),
 * so latency is measured where a browser would see it, not when the bench gets round to it.
 */

export interface SseEvent {
  event: string;
  data: string;
  receivedAt: number;
}

type Waiter = { match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void };

export interface SseClient {
  /** Resolves with the first event matching, arriving after this call; rejects after timeoutMs. */
  next(match: (e: SseEvent) => boolean, timeoutMs: number): Promise<SseEvent>;
  close(): void;
}

export async function connectSse(url: string, cookie: string): Promise<SseClient> {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { cookie, accept: "text/event-stream" },
    signal: controller.signal,
  });
  if (!res.ok || !res.body) throw new Error(`SSE ${url}: HTTP ${res.status}`);
  const waiters = new Set<Waiter>();
  const dispatch = (e: SseEvent) => {
    for (const w of waiters)
      if (w.match(e)) {
        waiters.delete(w);
        w.resolve(e);
      }
  };
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let firstResolve: () => void = () => {};
  const first = new Promise<void>((r) => (firstResolve = r));
  void (async () => {
    let buffer = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const receivedAt = performance.now();
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = "message";
          const data: string[] = [];
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
          }
          if (data.length === 0) continue;
          if (event === "snapshot") firstResolve();
          dispatch({ event, data: data.join("\n"), receivedAt });
        }
      }
    } catch {
      // closed
    }
  })();
  await Promise.race([
    first,
    new Promise((_, rej) => setTimeout(() => rej(new Error("no snapshot event within 10 s")), 10_000)),
  ]);
  return {
    next(match, timeoutMs) {
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          match,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching SSE event within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close() {
      controller.abort();
    },
  };
}
