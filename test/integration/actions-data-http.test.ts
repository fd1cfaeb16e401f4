import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpCall } from "@/lib/actions/kinds/http";
import { declare, runKind, serviceWith } from "./actions-data-support";

/** The http kind against a real node:http server started by the test. */

let server: Server;
let base: string;
const seen: { url: string; method: string; headers: IncomingMessage["headers"]; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ url: req.url ?? "", method: req.method ?? "", headers: req.headers, body });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(value));
      };
      if (req.url === "/health") return json(200, { status: "healthy", checks: { db: "ok", queue: 3 } });
      if (req.url === "/degraded")
        return json(200, { status: "degraded", checks: { db: "down", queue: 900 } });
      if (req.url === "/big") return json(200, { status: "healthy", filler: "x".repeat(20_000) });
      if (req.url?.startsWith("/hooks/")) return json(202, { accepted: true });
      json(404, { error: "not found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const target = serviceWith({ id: "data.api" });
const smoke = (url: string) =>
  declare({
    kind: "http",
    id: "smoke",
    url,
    expect: [
      "status == 200",
      'json.status == "healthy"',
      'json.checks.db == "ok"',
      "json.checks.queue < 100",
    ],
  });

describe("http", () => {
  it("passes a smoke test when the JSON body matches, listing every condition", async () => {
    const { result, error, out } = await runKind(httpCall, target, smoke(`${base}/health`));
    expect(error).toBeUndefined();
    const r = result as { status: number; latencyMs: number; passed: string[]; failed: unknown[] };
    expect(r.status).toBe(200);
    expect(Number.isInteger(r.latencyMs) && r.latencyMs < 5000).toBe(true);
    expect(r.passed).toHaveLength(4);
    expect(r.failed).toEqual([]);
    expect(out.text("out")).toContain('✓ json.status == "healthy"');
    expect(out.text("out")).toContain('{"status":"healthy","checks":{"db":"ok","queue":3}}');
  });

  it("fails the run on a mismatch, naming each failed condition and what was seen", async () => {
    const { result, error, out } = await runKind(httpCall, target, smoke(`${base}/degraded`));
    expect(result).toBeUndefined();
    expect(error?.message).toBe(
      '3 of 4 expectation(s) failed: json.status == "healthy"; json.checks.db == "ok"; json.checks.queue < 100',
    );
    expect(out.text("err").split("\n")).toEqual([
      '✗ json.status == "healthy" (got "degraded")',
      '✗ json.checks.db == "ok" (got "down")',
      "✗ json.checks.queue < 100 (got 900)",
    ]);
    expect(out.text("out")).toContain("✓ status == 200");
  });

  it("shows at most 4 KB of the body, while conditions see all of it", async () => {
    const decl = declare({
      kind: "http",
      id: "big",
      url: `${base}/big`,
      expect: ['json.filler matches "/^x{20000}$/"'],
    });
    const { error, out } = await runKind(httpCall, target, decl);
    expect(error).toBeUndefined();
    const body = out.lines.filter((l) => l.stream === "out" && l.text.startsWith("{")).map((l) => l.text);
    expect(body).toHaveLength(1);
    expect(body[0].length).toBe(4096);
    expect(out.text("info")).toMatch(/first 4096 of 20\d\d\d characters/);
  });

  it("posts a declared webhook body, fills parameters only into the URL (encoded), and hides credentials", async () => {
    const decl = declare({
      kind: "http",
      id: "hook",
      method: "POST",
      url: `${base.replace("//", "//bot:hook-s3cret@")}/hooks/{{channel}}`,
      headers: { "x-token": "header-s3cret" },
      body: '{"text":"deploy finished"}',
      expect: ["status == 202", "json.accepted == true"],
      params: [{ name: "channel", maxLength: 50 }],
    });
    const { error, out } = await runKind(httpCall, target, decl, { channel: "ops/../admin?x=1" });
    expect(error).toBeUndefined();
    const req = seen.at(-1)!;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/hooks/ops%2F..%2Fadmin%3Fx%3D1");
    expect(req.body).toBe('{"text":"deploy finished"}');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from("bot:hook-s3cret").toString("base64")}`);
    expect(req.headers["x-token"]).toBe("header-s3cret");
    expect(out.text()).not.toMatch(/hook-s3cret|header-s3cret/);
  });

  it("reports an unreachable endpoint as a failed run", async () => {
    const { error } = await runKind(httpCall, target, smoke("http://127.0.0.1:1/health"));
    expect(error?.message).toMatch(/^request failed: .*ECONNREFUSED/);
  });
});
