import type { IncomingMessage, ServerResponse } from "node:http";
import {
  isSubscriptionPath,
  SECURITY_HEADERS,
  serveStatus,
  serveStatusAsync,
  type StatusResponse,
  type SubscriptionRoutes,
} from "./serve";
import type { SnapshotStore } from "./store";

/**
 * /status straight from Node's HTTP server (scripts/server.mjs calls it before Next): the
 * published files from memory, pre-compressed, with no framework in the way. The route handler
 * under app/status answers the same when the console runs without that server (next dev).
 * The subscription routes, when given, are the only answers that wait for the database.
 */

const MAX_FORM_BYTES = 4096;

export type NodeStatusHandler = ((req: IncomingMessage, res: ServerResponse) => void) & {
  /** Whether a page has this host as its own domain: then every request for it is the status page's. */
  servesHost(host: string | undefined): boolean;
};

/** The page whose own domain this Host header names (port ignored). */
function pageOfHost(store: SnapshotStore, host: string | undefined) {
  if (!host) return undefined;
  const name = host.replace(/:\d+$/, "").toLowerCase();
  return store.manifest()?.pages.find((p) => p.domain === name);
}

export function nodeStatusHandler(
  store: SnapshotStore,
  clientIp: (req: IncomingMessage) => string,
  subscriptions: SubscriptionRoutes | null = null,
): NodeStatusHandler {
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://status.invalid");
    // A page's own domain: `/` is the page, /status/... as anywhere, and nothing of the console.
    const own = pageOfHost(store, req.headers.host);
    if (own && url.pathname === "/") url.pathname = `/status/${own.id}`;
    else if (own && url.pathname !== "/status" && !url.pathname.startsWith("/status/")) {
      res
        .writeHead(404, { ...SECURITY_HEADERS, "Content-Type": "text/plain; charset=utf-8" })
        .end("Not found.");
      return;
    }
    const headers = { get: (name: string) => header(req, name) };
    const send = (r: StatusResponse) => {
      if (res.headersSent) return;
      res.writeHead(r.status, r.headers);
      res.end(r.body ?? undefined);
    };
    const path = url.pathname.replace(/^\/status\/?/, "");
    const subscriptionPath = isSubscriptionPath(path);
    const request = (body?: URLSearchParams) => ({
      method: req.method ?? "GET",
      path,
      headers,
      form: body ? Object.fromEntries(body) : undefined,
      body,
      query: url.searchParams,
      // Only the password form and the subscription routes limit by address: reading a page
      // never pays for working it out (it was 7 % of a loaded process's time).
      clientIp: req.method === "POST" || subscriptionPath ? clientIp(req) : undefined,
    });
    // Files answer at once, from memory; only the subscription routes wait for the database.
    if (req.method !== "POST" && !subscriptionPath) return send(serveStatus(store, request()));
    const answer = (body?: URLSearchParams) =>
      serveStatusAsync(store, request(body), subscriptions).then(send, () =>
        send({
          status: 500,
          headers: { ...SECURITY_HEADERS, "Content-Type": "text/plain; charset=utf-8" },
          body: "internal error",
        }),
      );
    if (req.method !== "POST") return void answer();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        res
          .writeHead(413, {
            ...SECURITY_HEADERS,
            "Content-Type": "text/plain; charset=utf-8",
            Connection: "close",
          })
          .end("form too large");
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => {
      if (res.headersSent) return;
      // A one-click unsubscribe may come as multipart/form-data: its token is in the URL, the body is not needed.
      const type = header(req, "content-type") ?? "";
      const text = /multipart\//i.test(type) ? "" : Buffer.concat(chunks).toString("utf8");
      void answer(new URLSearchParams(text));
    });
  };
  return Object.assign(handler, {
    servesHost: (host: string | undefined) => pageOfHost(store, host) !== undefined,
  });
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : (value ?? null);
}
