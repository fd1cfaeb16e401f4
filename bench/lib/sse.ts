import { request } from "node:http";

/**
 * A minimal SSE client over node:http (one socket per client, no web streams: cheap enough that a
 * bench process can hold 1,000 of them) that timestamps each event on arrival (performance.now()
 * when the socket's data is handed to JavaScript), so latency is measured where a browser would
 * see it, not when the bench gets round to it.
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
  const waiters = new Set<Waiter>();
  const dispatch = (e: SseEvent) => {
    for (const w of waiters)
      if (w.match(e)) {
        waiters.delete(w);
        w.resolve(e);
      }
  };
  let closedBy: string | null = null;
  let snapshotSeen = false;
  const req = request(url, { headers: { cookie, accept: "text/event-stream" }, agent: false });
  const first = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`SSE ${url}: no snapshot event within 10 s`)), 10_000);
    req.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`SSE ${url}: ${error.message}`));
    });
    req.once("response", (res) => {
      if (res.statusCode !== 200) {
        clearTimeout(timer);
        res.resume();
        reject(new Error(`SSE ${url}: HTTP ${res.statusCode}`));
        return;
      }
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        const receivedAt = performance.now();
        buffer += chunk;
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
          if (event === "snapshot" && !snapshotSeen) {
            snapshotSeen = true;
            clearTimeout(timer);
            resolve();
          }
          dispatch({ event, data: data.join("\n"), receivedAt });
        }
      });
      res.once("close", () => (closedBy ??= "the server closed the stream"));
    });
  });
  req.end();
  try {
    await first;
  } catch (error) {
    req.destroy();
    throw error;
  }
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
          reject(
            new Error(`no matching SSE event within ${timeoutMs} ms${closedBy ? ` (${closedBy})` : ""}`),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close() {
      closedBy = "closed by the bench";
      req.destroy();
    },
  };
}
