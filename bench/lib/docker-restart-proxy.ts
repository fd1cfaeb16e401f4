import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A unix-socket proxy in front of the Docker engine that stamps (performance.now(), the bench's
 * own clock) the moment a `POST [/v1.xx]/containers/<id>/restart` request line passes through
 * on its way to the engine: the instant the console issued the Docker call. Bytes are forwarded
 * unchanged; the engine does the work.
 */

export interface RestartSeen {
  at: number;
  /** The container id or name in the URL. */
  container: string;
}

const REQUEST_LINE =
  /(?:^|\r\n)POST (?:\/v[\d.]+)?\/containers\/([^/?\s]+)\/restart(?:\?\S*)? HTTP\/1\.[01]\r\n/g;
/** Enough of the previous chunk to find a request line split across two reads. */
const CARRY = 512;

export interface RestartProxy {
  /** DOCKER_HOST for the console. */
  host: string;
  /** Resolves with the next restart request line seen after this call. */
  nextRestart(timeoutMs: number): Promise<RestartSeen>;
  /** Restart request lines seen so far. */
  readonly seen: number;
  dispose(): Promise<void>;
}

export async function startRestartProxy(engineSocket: string): Promise<RestartProxy> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-bench-dproxy-"));
  const sock = path.join(dir, "docker.sock");
  const sockets = new Set<net.Socket>();
  const waiters: ((s: RestartSeen) => void)[] = [];
  let seen = 0;

  const server = net.createServer((client) => {
    const engine = net.connect(engineSocket);
    for (const s of [client, engine]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    let tail = "";
    client.on("data", (chunk: Buffer) => {
      const at = performance.now();
      engine.write(chunk);
      // latin1 keeps one char per byte, so the carried tail is exactly the last CARRY bytes.
      const text = tail + chunk.toString("latin1");
      for (const m of text.matchAll(REQUEST_LINE)) {
        // A match that ends inside the carried tail was already reported with the last chunk.
        if ((m.index ?? 0) + m[0].length <= tail.length) continue;
        seen += 1;
        waiters.splice(0).forEach((w) => w({ at, container: decodeURIComponent(m[1]) }));
      }
      tail = text.slice(-CARRY);
    });
    client.on("end", () => engine.end());
    engine.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(sock, resolve);
  });

  return {
    host: `unix://${sock}`,
    get seen() {
      return seen;
    },
    nextRestart(timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = waiters.indexOf(done);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`no restart request reached the engine within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (s: RestartSeen) => {
          clearTimeout(timer);
          resolve(s);
        };
        waiters.push(done);
      });
    },
    async dispose() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
