import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, scratchDatabase, startEngine, type EngineHarness } from "../support/engine";

/**
 * A failing check's reason reaches every viewer (map, stream, history), so what the target wrote
 * appears there only as a short printable quote; the full answer stays with the engine for
 * operators (GET /api/v1/services/:id with data.read).
 */

const TAIL = "Authorization: Bearer s3cret-deep-in-the-body";
// The secret sits past the 60 characters quoted but within the 200 a condition's rendering keeps.
const BODY = `<html>\n<body>\nService Unavailable ${"x".repeat(40)}\n${TAIL}\n</body></html>`;

let server: Server;
let h: EngineHarness;
let scratch: Awaited<ReturnType<typeof scratchDatabase>>;

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(BODY));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  scratch = await scratchDatabase(process.env.TEST_DATABASE_URL!);
  h = startEngine({
    config: config(
      [
        "version: 1",
        "settings: { discoverContainers: false, failuresBeforeDown: 1 }",
        "services:",
        "  - id: site",
        "    checks:",
        "      - id: page",
        "        kind: http",
        `        url: http://127.0.0.1:${port}/`,
        "        interval: 1s",
        `        expect: ['body contains "all good"']`,
        "",
      ].join("\n"),
    ),
    getDb: async () => scratch.db,
    flushEveryMs: 200,
  });
});

afterAll(async () => {
  await h?.stop();
  server?.close();
  await scratch?.drop();
});

describe("a failing check quoting what the target wrote", () => {
  it("shows viewers at most 60 printable characters of it, and keeps the full answer for operators", async () => {
    const site = await h.waitForService("site", (s) => s.status === "down", "site down", 10_000);
    const reason = site.checks.find((c) => c.id === "page")!.reason;
    expect(BODY.indexOf("s3cret")).toBeLessThan(200);
    const quote = JSON.parse(/got (".*")\)$/.exec(reason)?.[1] ?? '""') as string;
    expect(quote.length).toBeGreaterThan(10);
    expect(quote.length).toBeLessThanOrEqual(60);
    expect(reason).not.toMatch(/[\n\r\t]|\\n/);
    // Nothing past the quote: not in the map, not in the stream of changes.
    expect(JSON.stringify(h.engine.snapshot())).not.toContain("s3cret");
    expect(JSON.stringify(h.changes)).not.toContain("s3cret");
    expect(h.engine.checkDetail("site", "page")).toBe(BODY);

    // Nor in the stored history.
    await h.writer.flush();
    const stored = await scratch.db.checkSample.findMany({ where: { serviceId: "site" } });
    expect(stored.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored.map((r) => r.message))).not.toContain("s3cret");
  });
});
