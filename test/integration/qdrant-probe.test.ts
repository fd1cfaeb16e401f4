import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { qdrantCheckSchema } from "@/lib/catalog/schemas";
import { createQdrantClient, QdrantError } from "@/lib/infra/qdrant";
import { probeQdrant } from "@/lib/probes/qdrant";
import type { ContainerRef, ProbeContext } from "@/lib/probes/types";
import { startQdrantStandin, type QdrantStandin } from "@/test/support/qdrant-standin";

/** The qdrant check and the snapshot client against the contract stand-in (a real HTTP server). */

const KEY = "probe-secret-key-123";
let standin: QdrantStandin;

const check = (fields: Record<string, unknown> = {}) =>
  qdrantCheckSchema.parse({ id: "vectors", kind: "qdrant", url: standin.url, apiKey: KEY, ...fields });
const ctx = (over: Partial<ProbeContext> = {}): ProbeContext => ({
  signal: new AbortController().signal,
  timeoutMs: 2000,
  containers: [],
  ...over,
});

beforeAll(async () => {
  standin = await startQdrantStandin({ apiKey: KEY, snapshotSize: 300_000, asyncDelayMs: 150 });
});
afterAll(() => standin?.close());
beforeEach(() => {
  standin.setReady(true);
  standin.setCollection("products", { pointsCount: 1250, status: "green", vectorSize: 384 });
});

describe("probeQdrant", () => {
  it("is up when ready and the collection is green, recording points_count", async () => {
    const result = await probeQdrant(check({ collection: "products" }), ctx());
    expect(result).toMatchObject({ status: "up", metrics: { points_count: 1250 } });
    expect(result.message).toContain('collection "products" green, 1250 points');
  });

  it("is down with Qdrant's reason when readyz answers 503", async () => {
    standin.setReady(false);
    const result = await probeQdrant(check({ collection: "products" }), ctx());
    expect(result.status).toBe("down");
    expect(result.message).toContain("some shards are not ready");
  });

  it("is down naming a missing collection", async () => {
    const result = await probeQdrant(check({ collection: "support-tickets" }), ctx());
    expect(result.status).toBe("down");
    expect(result.message).toContain('"support-tickets"');
  });

  it("maps collection status: red is down, yellow is degraded", async () => {
    standin.setCollection("products", { status: "red" });
    expect((await probeQdrant(check({ collection: "products" }), ctx())).status).toBe("down");
    standin.setCollection("products", { status: "yellow" });
    const yellow = await probeQdrant(check({ collection: "products" }), ctx());
    expect(yellow.status).toBe("degraded");
    expect(yellow.message).toContain("yellow");
  });

  it("applies warn and critical thresholds to the point count", async () => {
    const withMetric = check({
      collection: "products",
      metric: { name: "vectors", warn: "< 100", critical: "< 1" },
    });
    standin.setCollection("products", { pointsCount: 50 });
    expect(await probeQdrant(withMetric, ctx())).toMatchObject({
      status: "degraded",
      metrics: { vectors: 50 },
    });
    standin.setCollection("products", { pointsCount: 0 });
    expect(await probeQdrant(withMetric, ctx())).toMatchObject({ status: "down", metrics: { vectors: 0 } });
    standin.setCollection("products", { pointsCount: 500 });
    expect(await probeQdrant(withMetric, ctx())).toMatchObject({ status: "up", metrics: { vectors: 500 } });
  });

  it("evaluates expect conditions on status, points_count and the collection json", async () => {
    const passing = check({
      collection: "products",
      expect: ['status == "green"', "json.config.params.vectors.size == 384"],
    });
    expect((await probeQdrant(passing, ctx())).status).toBe("up");
    const failing = await probeQdrant(
      check({ collection: "products", expect: ["points_count > 2000"] }),
      ctx(),
    );
    expect(failing.status).toBe("down");
    expect(failing.message).toContain("points_count > 2000");
    expect(failing.message).toContain("1250");
  });

  it("sends the api key; a wrong key is down without leaking it", async () => {
    standin.requests.length = 0;
    expect((await probeQdrant(check({ collection: "products" }), ctx())).status).toBe("up");
    const collectionRequest = standin.requests.find((r) => r.path === "/collections/products");
    expect(collectionRequest?.headers["api-key"]).toBe(KEY);

    const wrong = await probeQdrant(check({ collection: "products", apiKey: "wrong-key-456" }), ctx());
    expect(wrong.status).toBe("down");
    expect(wrong.message).toContain("401");
    expect(wrong.message).not.toContain("wrong-key-456");
  });

  it("resolves {{container}} to a running container's address, unknown when there is none", async () => {
    const port = new URL(standin.url).port;
    const templated = check({ url: `http://{{container}}:${port}`, collection: "products" });
    const running: ContainerRef[] = [
      { id: "a", name: "stopped", state: "exited", ip: "10.255.255.1" },
      { id: "b", name: "qdrant", state: "running", ip: "127.0.0.1" },
    ];
    expect((await probeQdrant(templated, ctx({ containers: running }))).status).toBe("up");
    expect((await probeQdrant(templated, ctx({ containers: [running[0]] }))).status).toBe("unknown");
  });

  describe("unreachable or hanging server", () => {
    let hanging: Server;
    beforeAll(async () => {
      hanging = createServer(() => {}); // accepts requests and never answers
      await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    });
    afterAll(async () => {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    });

    it("is down with a timeout instead of hanging", async () => {
      const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
      const result = await probeQdrant(check({ url }), ctx({ timeoutMs: 300 }));
      expect(result.status).toBe("down");
      expect(result.message).toMatch(/timed out/);
      expect(result.latencyMs).toBeLessThan(2000);
    });

    it("is down, not thrown, when nothing listens", async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise((resolve) => closed.close(resolve));
      const result = await probeQdrant(check({ url: `http://127.0.0.1:${port}` }), ctx());
      expect(result.status).toBe("down");
      expect(result.message).toMatch(/ECONNREFUSED|refused/i);
    });
  });
});

describe("snapshots through lib/infra/qdrant", () => {
  const client = () => createQdrantClient({ url: standin.url, apiKey: KEY, pollIntervalMs: 25 });
  const sha256 = async (body: ReadableStream<Uint8Array>) => {
    const hash = createHash("sha256");
    const chunks: Buffer[] = [];
    const reader = body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      hash.update(read.value);
      chunks.push(Buffer.from(read.value));
    }
    return { digest: hash.digest("hex"), bytes: Buffer.concat(chunks) };
  };

  it.each([true, false])(
    "create (wait=%s) then download is byte-identical to the listed checksum",
    async (wait) => {
      const qdrant = client();
      const snap = await qdrant.createSnapshot("products", { wait });
      expect(snap.name).toMatch(/^products-\d+-.*\.snapshot$/);
      expect(await qdrant.listSnapshots("products")).toContainEqual(snap);

      const download = await qdrant.downloadSnapshot("products", snap.name);
      expect(download.contentLength).toBe(snap.size);
      const { digest, bytes } = await sha256(download.body);
      expect(bytes.length).toBe(snap.size);
      expect(digest).toBe(snap.checksum);
      // The stand-in's files start with bytes that are invalid UTF-8; a text decode would mangle them.
      expect([...bytes.subarray(0, 4)]).toEqual([0x00, 0xff, 0xfe, 0x80]);

      expect(await qdrant.deleteSnapshot("products", snap.name)).toBe(true);
      expect((await qdrant.listSnapshots("products")).map((s) => s.name)).not.toContain(snap.name);
    },
  );

  it("reports missing snapshots and collections as typed errors without the key", async () => {
    const qdrant = client();
    const error = await qdrant.downloadSnapshot("products", "nope.snapshot").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QdrantError);
    expect(error).toMatchObject({
      status: 404,
      serverMessage: "Not found: Snapshot nope.snapshot not found",
    });
    expect(await qdrant.getCollection("missing")).toBeNull();
    expect(await qdrant.collectionExists("missing")).toBe(false);

    const unauthorized = createQdrantClient({ url: standin.url, apiKey: "wrong-key-789" });
    const denied = await unauthorized.listSnapshots("products").catch((e: unknown) => e);
    expect(denied).toMatchObject({ status: 401, serverMessage: "Invalid API key or JWT" });
    expect(String((denied as Error).message)).not.toContain("wrong-key-789");
  });
});
