import "server-only";
import http from "node:http";
import https from "node:https";

/**
 * A plain node:http(s) request for health checks. Not the global fetch: inside the Next server
 * that one is patched for caching and tracing, which costs CPU and memory on every probe.
 * Each probe opens a fresh connection, so a dead listener cannot hide behind a kept-alive socket.
 */

// One agent per protocol, without keep-alive: every probe still gets a fresh connection, without
// building an agent per request (`agent: false`) at hundreds of probes a second.
const agents = {
  "http:": new http.Agent({ keepAlive: false }),
  "https:": new https.Agent({ keepAlive: false }),
};

export interface HttpRequestOptions {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  followRedirects: boolean;
  signal: AbortSignal;
  bodyLimit: number;
  maxRedirects?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  truncated: boolean;
}

export async function httpRequest(opts: HttpRequestOptions): Promise<HttpResponse> {
  let url = new URL(opts.url);
  let method = opts.method;
  let body = opts.body;
  for (let hop = 0; ; hop++) {
    const res = await once({ ...opts, url, method, body });
    const location = res.location;
    if (!opts.followRedirects || !location || ![301, 302, 303, 307, 308].includes(res.status))
      return res.response;
    if (hop >= (opts.maxRedirects ?? 5))
      throw new Error(`too many redirects (more than ${opts.maxRedirects ?? 5})`);
    url = new URL(location, url);
    // Like browsers: 303 (and 301/302 after POST) turn into a GET without a body.
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === "POST")) {
      method = "GET";
      body = undefined;
    }
  }
}

function once(
  opts: Omit<HttpRequestOptions, "url"> & { url: URL },
): Promise<{ response: HttpResponse; status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const client = opts.url.protocol === "https:" ? https : opts.url.protocol === "http:" ? http : null;
    if (!client)
      return reject(new Error(`unsupported protocol ${opts.url.protocol} (expected http or https)`));
    const headers: Record<string, string> = {
      "user-agent": "opsdeck-healthcheck",
      connection: "close",
      ...opts.headers,
    };
    if (opts.body !== undefined) headers["content-length"] = String(Buffer.byteLength(opts.body));
    const req = client.request(
      opts.url,
      {
        method: opts.method,
        headers,
        agent: agents[opts.url.protocol as keyof typeof agents],
        signal: opts.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on("data", (chunk: Buffer) => {
          if (truncated) return;
          size += chunk.length;
          chunks.push(chunk);
          if (size > opts.bodyLimit) {
            truncated = true;
            res.destroy();
            finish();
          }
        });
        res.on("end", finish);
        res.on("error", (e) => (truncated ? finish() : reject(e)));
        let done = false;
        function finish() {
          if (done) return;
          done = true;
          const text = Buffer.concat(chunks).subarray(0, opts.bodyLimit).toString("utf8");
          const flat: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(", ") : v;
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            response: { status: res.statusCode ?? 0, headers: flat, text, truncated },
          });
        }
      },
    );
    req.on("error", reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}
