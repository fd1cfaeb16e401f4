import type { IncomingMessage, ServerResponse } from "node:http";
import { serveStatus } from "./serve";
import type { SnapshotStore } from "./store";

/**
 * /status straight from Node's HTTP server (scripts/server.mjs calls it before Next): the
 * published files from memory, pre-compressed, with no framework in the way. The route handler
 * under app/status answers the same when the console runs without that server (next dev).
 */

const MAX_FORM_BYTES = 4096;

export type NodeStatusHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function nodeStatusHandler(
  store: SnapshotStore,
  clientIp: (req: IncomingMessage) => string,
): NodeStatusHandler {
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://status.invalid");
    const headers = { get: (name: string) => header(req, name) };
    const answer = (form?: Record<string, string>) => {
      const r = serveStatus(store, {
        method: req.method ?? "GET",
        path: url.pathname.replace(/^\/status\/?/, ""),
        headers,
        form,
        clientIp: clientIp(req),
      });
      res.writeHead(r.status, r.headers);
      res.end(r.body ?? undefined);
    };
    if (req.method !== "POST") return answer();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        res.writeHead(413, { "Content-Type": "text/plain; charset=utf-8" }).end("form too large");
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => {
      if (res.headersSent) return;
      answer(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))));
    });
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : (value ?? null);
}
