import { createServer, type Server } from "node:http";

/**
 * An HTTP endpoint whose health can be flipped per path: 200 `{"status":"ok"}` by default, 500
 * for paths set failing. It runs in the bench process, so the instant it serves the first
 * answer after a flip (the moment the console's check can know) is on the bench's clock.
 * `npx tsx bench/lib/switch-server.ts [port]` runs it alone, flipped by
 * `curl -X POST 'localhost:<port>/_fail?path=/health/x'` (`/_ok?path=` to recover).
 */

export interface SwitchServer {
  port: number;
  /** Requests answered so far. */
  requests(): number;
  setFailing(path: string, failing: boolean): void;
  /** performance.now() of the first answer after the last flip of `path`, once one was served. */
  servedAfterFlip(path: string): number | undefined;
  stop(): Promise<void>;
}

const OK = JSON.stringify({ status: "ok", version: "1.0.0" });
const FAIL = JSON.stringify({ status: "failing", error: "flipped by the benchmark" });

export async function startSwitchServer(port = 0): Promise<SwitchServer> {
  const failing = new Set<string>();
  const flipped = new Map<string, number | undefined>();
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    req.resume();
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "POST" && (url.pathname === "/_fail" || url.pathname === "/_ok")) {
      setFailing(url.searchParams.get("path") ?? "", url.pathname === "/_fail");
      res.writeHead(204).end();
      return;
    }
    const bad = failing.has(url.pathname);
    const body = bad ? FAIL : OK;
    res.writeHead(bad ? 500 : 200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
    if (flipped.has(url.pathname) && flipped.get(url.pathname) === undefined)
      flipped.set(url.pathname, performance.now());
  });
  // The console keeps sockets alive between checks; the default would close them under it.
  server.keepAliveTimeout = 65_000;
  function setFailing(path: string, fail: boolean) {
    if (fail) failing.add(path);
    else failing.delete(path);
    flipped.set(path, undefined);
  }
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    requests: () => requests,
    setFailing,
    servedAfterFlip: (path) => flipped.get(path),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  void startSwitchServer(Number(process.argv[2] ?? 0)).then((s) => console.log(`switch server on ${s.port}`));
}
