import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Duplex } from "node:stream";
import { endpointLabel, endpointPath, matchDockerEndpoint } from "@/lib/infra/docker-endpoints";
import { dockerHost } from "./docker";

/**
 * A unix-socket proxy in front of the test engine that passes only the requests listed in
 * lib/infra/docker-endpoints.ts (method + path; query and `/v1.xx` prefix ignored) and answers
 * 403 to the rest, like a socket proxy in production but per endpoint instead of per section.
 */
export interface SeenRequest {
  method: string;
  path: string;
  /** `GET /containers/{id}/json` for an allowed request. */
  endpoint?: string;
}

const HOP_BY_HOP = ["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"];

export async function allowlistProxy(engine = dockerHost()) {
  if (!engine.startsWith("unix://")) throw new Error(`allowlistProxy needs a unix:// engine, got ${engine}`);
  const target = engine.slice("unix://".length);
  const dir = mkdtempSync(path.join(os.tmpdir(), "opsdeck-allowlist-"));
  const sock = path.join(dir, "docker.sock");
  const allowed: SeenRequest[] = [];
  const refused: SeenRequest[] = [];
  const open = new Set<Duplex>();
  // Keep-alive, as dockerode talking to the engine directly. With one connection per request the
  // engine closes right after answering, and Node's trailing empty write then fails with EPIPE.
  const engineAgent = new http.Agent({ keepAlive: true });
  const track = (s: Duplex) => {
    open.add(s);
    s.on("close", () => open.delete(s));
    s.on("error", () => undefined);
  };

  /** Records the request and says whether it may pass. */
  const admit = (req: http.IncomingMessage): boolean => {
    const method = req.method ?? "";
    const url = req.url ?? "";
    const hit = matchDockerEndpoint(method, url);
    const seen = { method, path: endpointPath(url) };
    if (hit) allowed.push({ ...seen, endpoint: endpointLabel(hit) });
    else refused.push(seen);
    return hit !== undefined;
  };
  const refusal = (req: http.IncomingMessage) =>
    JSON.stringify({ message: `${req.method} ${endpointPath(req.url ?? "")} is not used by Opsdeck` });

  const server = http.createServer((req, res) => {
    if (!admit(req)) {
      res.writeHead(403, { "content-type": "application/json" }).end(refusal(req));
      return;
    }
    const upstream = http.request({
      socketPath: target,
      method: req.method,
      path: req.url,
      headers: without(req.headers, HOP_BY_HOP),
      agent: engineAgent,
    });
    upstream.on("response", (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, without(answer.headers, HOP_BY_HOP));
      // Streams (events, logs follow) send headers long before the first line: pass them on now.
      res.flushHeaders();
      answer.pipe(res);
    });
    upstream.on("error", (error) => {
      if (res.headersSent) return void res.destroy();
      res
        .writeHead(502, { "content-type": "application/json" })
        .end(JSON.stringify({ message: error.message }));
    });
    // A client that hangs up (an aborted follow) ends the engine stream too.
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  });

  // Exec start asks to upgrade the connection to a raw stream: check, replay the request, then pipe bytes.
  server.on("upgrade", (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
    track(client);
    if (!admit(req)) {
      const body = refusal(req);
      client.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    const upstream = net.connect(target);
    track(upstream);
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
    // The exec start options arrive in head on Node 20; forward req's own body too, in case a parser gives it there.
    req.on("data", (chunk: Buffer) => upstream.write(chunk));
    req.on("end", () => {
      if (head.length) upstream.write(head);
      client.pipe(upstream).pipe(client);
    });
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", closeBoth);
    upstream.on("close", closeBoth);
  });
  server.on("connection", track);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(sock, resolve);
  });

  return {
    host: `unix://${sock}`,
    socketPath: sock,
    allowed,
    refused,
    async dispose() {
      for (const s of open) s.destroy();
      engineAgent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type AllowlistProxy = Awaited<ReturnType<typeof allowlistProxy>>;

function without<T extends Record<string, unknown>>(headers: T, names: readonly string[]): T {
  const copy = { ...headers };
  for (const name of names) delete copy[name];
  return copy;
}
