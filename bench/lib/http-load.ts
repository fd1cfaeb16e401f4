import { request } from "node:http";
import autocannon from "autocannon";
import { percentile, round } from "./results";

/**
 * HTTP load with autocannon (programmatic, in the bench process) against one URL, checking every
 * response: status 200 and the representation expected (its ETag, Content-Length and encoding), so
 * a figure cannot come from error pages or empty answers. Latency is autocannon's own per-response
 * time (request written to response complete), kept as floats: its histogram rounds to whole ms.
 */

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One GET with node:http (no decoding, no pooling): the bytes exactly as served. */
export function getRaw(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  headers: Record<string, string>;
}

export interface LoadResult {
  /** autocannon's requests.average: the mean of its per-second counts. */
  reqPerS: number;
  /** Completed responses over the measured time. */
  reqPerSTotal: number;
  responses: number;
  durationS: number;
  /** Nearest-rank percentiles of every response's time (ms, not rounded by a histogram). */
  latencyMs: { p50: number; p90: number; p99: number; p999: number; max: number; mean: number };
  /** autocannon's histogram p99 (whole ms) for comparison. */
  autocannonP99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Responses by "ETag Content-Length Content-Encoding" as served. */
  representations: Record<string, number>;
  /** Responses by their size on the wire (headers and body), as autocannon counted it. */
  wireBytes: Record<string, number>;
  /** The first few responses that were not a 200 with an ETag. */
  bad: string[];
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const times: number[] = [];
  const representations: Record<string, number> = {};
  const wireBytes: Record<string, number> = {};
  const bad: string[] = [];
  const u = new URL(o.url);
  /** What http-parser-js hands autocannon's client when a response's headers are in (the types say otherwise). */
  type HeadersInfo = { statusCode: number; headers: string[] };
  const check = (info: HeadersInfo) => {
    let etag = "";
    let length = "";
    let encoding = "identity";
    for (let i = 0; i + 1 < info.headers.length; i += 2) {
      const name = info.headers[i].toLowerCase();
      if (name === "etag") etag = info.headers[i + 1];
      else if (name === "content-length") length = info.headers[i + 1];
      else if (name === "content-encoding") encoding = info.headers[i + 1];
    }
    if (info.statusCode !== 200 || !etag) {
      if (bad.length < 5) bad.push(`${info.statusCode} ${info.headers.join(" ")}`);
      return;
    }
    const key = `${etag} ${length} ${encoding}`;
    representations[key] = (representations[key] ?? 0) + 1;
  };
  const result = await autocannon({
    url: `${u.origin}${u.pathname}${u.search}`,
    connections: o.connections,
    pipelining: 1,
    duration: o.durationS,
    timeout: 10,
    headers: o.headers,
    // Per client, its own events: no per-response work in autocannon beyond what it always does.
    setupClient: (client) => {
      client.on("headers", (info) => check(info as unknown as HeadersInfo));
      client.on("response", (_status: number, resBytes: number, responseTime: number) => {
        times.push(responseTime);
        wireBytes[resBytes] = (wireBytes[resBytes] ?? 0) + 1;
      });
    },
  });
  const mean = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
  return {
    reqPerS: round(result.requests.average, 1),
    reqPerSTotal: round(result.requests.total / result.duration, 1),
    responses: result.requests.total,
    durationS: round(result.duration, 2),
    latencyMs: {
      p50: round(percentile(times, 50), 2),
      p90: round(percentile(times, 90), 2),
      p99: round(percentile(times, 99), 2),
      p999: round(percentile(times, 99.9), 2),
      max: round(
        times.reduce((a, b) => Math.max(a, b), 0),
        2,
      ),
      mean: round(mean, 2),
    },
    autocannonP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    representations,
    wireBytes,
    bad,
  };
}
