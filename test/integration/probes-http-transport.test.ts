import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSchema } from "@/lib/catalog/schemas";
import { probeHttp } from "@/lib/probes/http";

let server: http.Server;
let base = "";
const seen: { method?: string; body: string; connection?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method, body, connection: req.headers.connection });
      if (req.url === "/moved") return res.writeHead(301, { location: "/ok" }).end();
      if (req.url === "/see-other") return res.writeHead(303, { location: "/ok" }).end();
      if (req.url === "/loop") return res.writeHead(302, { location: "/loop" }).end();
      if (req.url === "/huge") {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(`{"pad":"${"x".repeat(2 * 1024 * 1024)}"}`);
      }
      res
        .writeHead(200, { "content-type": "application/json", "x-build": "42" })
        .end(JSON.stringify({ status: "healthy", method: req.method }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const run = (check: Record<string, unknown>) => {
  const parsed = checkSchema.parse({ id: "t", kind: "http", ...check });
  return probeHttp(parsed as never, {
    signal: new AbortController().signal,
    timeoutMs: 3000,
    containers: [],
  });
};

describe("http check transport", () => {
  it("follows redirects by default and can be told not to", async () => {
    expect((await run({ url: `${base}/moved`, expect: ['json.status == "healthy"'] })).status).toBe("up");
    const noFollow = await run({ url: `${base}/moved`, followRedirects: false, expect: ["status == 301"] });
    expect(noFollow.status).toBe("up");
  });

  it("turns a POST into a GET after 303, like browsers", async () => {
    seen.length = 0;
    const r = await run({
      url: `${base}/see-other`,
      method: "POST",
      body: "{}",
      expect: ['json.method == "GET"'],
    });
    expect(r.status).toBe("up");
    expect(seen.map((s) => s.method)).toEqual(["POST", "GET"]);
  });

  it("gives up on redirect loops with a clear message", async () => {
    const r = await run({ url: `${base}/loop` });
    expect(r.status).toBe("down");
    expect(r.message).toContain("too many redirects");
  });

  it("caps huge bodies at 1 MB instead of buffering them", async () => {
    const r = await run({ url: `${base}/huge`, expect: ['body contains "pad"', "json exists"] });
    expect(r.status).toBe("down");
    expect(r.message).toContain("json exists");
  });

  it("sends the declared body and headers on a fresh connection each time, and sees response headers", async () => {
    seen.length = 0;
    const r = await run({
      url: `${base}/ok`,
      method: "PUT",
      body: "ping",
      headers: { "x-token": "s3cret" },
      expect: ['headers.x-build == "42"'],
    });
    expect(r.status).toBe("up");
    expect(seen[0]).toEqual({ method: "PUT", body: "ping", connection: "close" });
  });
});
