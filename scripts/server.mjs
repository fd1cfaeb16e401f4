// The console's HTTP server: Next's request handler behind a plain Node server that records the
// socket's peer address in a header no client can set (it is overwritten on every request).
// That peer is what OPSDECK_TRUSTED_PROXIES is compared with before X-Forwarded-For, X-Real-IP,
// X-Forwarded-Host or X-Forwarded-Proto are believed (lib/auth/client-address.ts).
// Usage: node scripts/server.mjs [-p PORT] [-H HOSTNAME]   (defaults: $PORT or 3000, $HOSTNAME or all)
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";

const PEER_HEADER = "x-opsdeck-peer";
const args = process.argv.slice(2);
const arg = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(arg("-p") ?? process.env.PORT ?? 3000);
const hostname = arg("-H") ?? process.env.HOSTNAME ?? undefined;
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

process.env.NODE_ENV = "production";
// What the console's own code reads as its port (config's ${PORT}, the self-check).
process.env.PORT = String(port);
// Without a public URL, sign-in derives the console's address from each request's forwarded
// headers, which the proxy (proxy.ts) rewrites to what the console believes: its Host, or what a
// trusted proxy says. Otherwise next-auth would answer with http://localhost:3000 and warn.
if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST = "1";
// Read by the app: the peer header is only believed when this server wrote it.
globalThis[Symbol.for("opsdeck.peerHeader")] = PEER_HEADER;

const app = next({ dev: false, dir, hostname: hostname ?? "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

// The status pages are answered here, before Next, from the published files in memory
// (lib/status-page/node-handler.ts registers the handler at start-up); OPSDECK_ROLE=status
// answers nothing else.
const STATUS_HANDLER = Symbol.for("opsdeck.statusHandler");
const statusOnly = process.env.OPSDECK_ROLE === "status";

const server = createServer((req, res) => {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
  const status = globalThis[STATUS_HANDLER];
  const path = (req.url ?? "/").split("?")[0];
  // A status page's own domain (statusPages[].domain) gets nothing but the status pages.
  if (
    typeof status === "function" &&
    (path === "/status" || path.startsWith("/status/") || status.servesHost?.(req.headers.host))
  )
    return status(req, res);
  if (statusOnly) {
    if (path === "/") return res.writeHead(307, { Location: "/status" }).end();
    return res
      .writeHead(404, { "Content-Type": "text/plain; charset=utf-8" })
      .end("This process only serves the status pages, under /status.\n");
  }
  handle(req, res);
});
server.listen(port, hostname, () => {
  console.log(
    JSON.stringify({
      time: new Date().toISOString(),
      level: "info",
      msg: "console listening",
      port,
      hostname: hostname ?? "*",
    }),
  );
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, async () => {
    setTimeout(() => process.exit(0), 10_000).unref();
    server.close();
    // The monitor stops and flushes its writes, then the database closes (lib/infra/process-registry.ts).
    const stop = globalThis[Symbol.for("opsdeck.stop")];
    if (typeof stop === "function")
      await stop((name, error) =>
        console.error(
          JSON.stringify({ level: "warn", msg: "could not stop cleanly", name, error: String(error) }),
        ),
      );
    await app.close?.();
    process.exit(0);
  });
}
