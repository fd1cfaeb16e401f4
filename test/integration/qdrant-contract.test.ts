import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createResponseValidator,
  loadQdrantSpec,
  type ResponseValidator,
} from "@/test/support/openapi-validator";
import { startQdrantStandin, type QdrantStandin } from "@/test/support/qdrant-standin";

/**
 * The stand-in must behave like Qdrant 1.19 (shared/contracts/README.md §3, §5, §6, §8):
 * probes and the snapshot action are only as trustworthy as this stand-in.
 */

const loaded = loadQdrantSpec();
const validator: ResponseValidator = createResponseValidator(loaded.spec);
const KEY = "rw-secret-key";
const READ_KEY = "ro-secret-key";

let standin: QdrantStandin;

async function get(path: string, init: RequestInit & { key?: string | null } = {}) {
  const headers = new Headers(init.headers);
  const key = init.key === undefined ? KEY : init.key;
  if (key) headers.set("api-key", key);
  return fetch(`${standin.url}${path}`, { ...init, headers });
}

/** Reads a JSON response, checks content type, envelope keys and the spec schema for its status. */
async function envelope(res: Response, operationId: string, keys: string[]) {
  expect(res.headers.get("content-type")).toBe("application/json");
  const body = (await res.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual([...keys].sort());
  expect(typeof body.time).toBe("number");
  expect(validator.validate(operationId, res.status, body)).toEqual({ valid: true });
  return body;
}

beforeAll(async () => {
  standin = await startQdrantStandin({
    apiKey: KEY,
    readOnlyApiKey: READ_KEY,
    snapshotSize: 150_000,
    collections: { products: { pointsCount: 1250, vectorSize: 384 } },
  });
});
afterAll(() => standin?.close());
beforeEach(() => {
  standin.setReady(true);
});

describe("openapi validator (negative control)", () => {
  it("rejects bodies that break the spec", async () => {
    const good = await envelope(await get("/collections/products"), "get_collection", [
      "result",
      "status",
      "time",
    ]);
    const info = good.result as Record<string, unknown>;
    const broken = (patch: (r: Record<string, unknown>) => void) => {
      const copy = structuredClone(good) as { result: Record<string, unknown> };
      patch(copy.result);
      return validator.validate("get_collection", 200, copy);
    };
    expect(info.points_count).toBe(1250);
    expect(broken((r) => (r.status = "purple")).valid).toBe(false);
    expect(broken((r) => delete r.segments_count).valid).toBe(false);
    expect(
      broken((r) => delete (r.config as { params: { vectors: Record<string, unknown> } }).params.vectors.size)
        .valid,
    ).toBe(false);
    const snapshotWithoutSize = {
      result: [{ name: "x.snapshot", creation_time: "2026-08-04T12:30:01" }],
      status: "ok",
      time: 0.1,
    };
    expect(validator.validate("list_snapshots", 200, snapshotWithoutSize).valid).toBe(false);
  });
});

describe("health endpoints (§3 #1-3, §5 whitelist)", () => {
  it.each([
    ["/healthz", "healthz check passed"],
    ["/livez", "healthz check passed"],
    ["/readyz", "all shards are ready"],
  ])("%s answers exact text/plain without any key", async (path, text) => {
    for (const key of [null, "wrong-key", KEY]) {
      const res = await get(path, { key });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await res.text()).toBe(text);
    }
  });

  it("readyz answers 503 'some shards are not ready' when switched off", async () => {
    standin.setReady(false);
    const res = await get("/readyz/", { key: null });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toBe("some shards are not ready");
    expect((await get("/healthz", { key: null })).status).toBe(200);
  });

  it("GET / is a bare VersionInfo, open to all", async () => {
    const res = await get("/", { key: null });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.version).toBe("1.19.0");
    expect(body).not.toHaveProperty("result");
    expect(validator.validate("root", 200, body)).toEqual({ valid: true });
  });
});

describe("auth (§5)", () => {
  it("401 plain text without a key or with a wrong key; bearer works", async () => {
    const none = await get("/collections", { key: null });
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await none.text()).toBe("Must provide an API key or an Authorization bearer token");
    const wrong = await get("/collections", { key: "nope" });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toBe("Invalid API key or JWT");
    const bearer = await get("/collections", { key: null, headers: { authorization: `Bearer ${KEY}` } });
    expect(bearer.status).toBe(200);
    expect((await get("/metrics", { key: null })).status).toBe(401);
  });

  it("read-only key reads but gets a 403 envelope on snapshot writes", async () => {
    expect((await get("/collections/products/snapshots", { key: READ_KEY })).status).toBe(200);
    for (const [path, op] of [
      ["/collections/products/snapshots", "create_snapshot"],
      ["/snapshots", "create_full_snapshot"],
    ]) {
      const res = await get(path, { method: "POST", key: READ_KEY });
      expect(res.status).toBe(403);
      const body = await envelope(res, op, ["status", "time"]);
      expect((body.status as { error: string }).error).toMatch(/^Forbidden: /);
    }
  });
});

describe("collections (§3 #5-7)", () => {
  it("lists, describes and reports existence", async () => {
    standin.setCollection("support-tickets", { pointsCount: 0, status: "yellow" });
    const list = await envelope(await get("/collections"), "get_collections", ["result", "status", "time"]);
    expect(list.status).toBe("ok");
    expect(list.result).toEqual({ collections: [{ name: "products" }, { name: "support-tickets" }] });

    const info = await envelope(await get("/collections/support-tickets/"), "get_collection", [
      "result",
      "status",
      "time",
    ]);
    expect(info.result).toMatchObject({ status: "yellow", points_count: 0, optimizer_status: "ok" });
    expect(info.result).not.toHaveProperty("vectors_count");

    const exists = await envelope(await get("/collections/support-tickets/exists"), "collection_exists", [
      "result",
      "status",
      "time",
    ]);
    expect(exists.result).toEqual({ exists: true });
    standin.removeCollection("support-tickets");
    const gone = await envelope(await get("/collections/support-tickets/exists"), "collection_exists", [
      "result",
      "status",
      "time",
    ]);
    expect(gone.result).toEqual({ exists: false });
  });

  it("missing collection is a 404 envelope without result", async () => {
    const res = await get("/collections/missing");
    expect(res.status).toBe(404);
    const body = await envelope(res, "get_collection", ["status", "time"]);
    expect(body.status).toEqual({ error: "Not found: Collection `missing` doesn't exist!" });
  });
});

/** Runs the §3 snapshot lifecycle for one family (collection #8-11 or full #12-15). */
describe.each([
  {
    family: "collection",
    base: "/collections/products/snapshots",
    ops: ["list_snapshots", "create_snapshot", "delete_snapshot"],
    name: /^products-\d+-\d{4}(-\d{2}){5}\.snapshot$/,
  },
  {
    family: "full",
    base: "/snapshots",
    ops: ["list_full_snapshots", "create_full_snapshot", "delete_full_snapshot"],
    name: /^full-snapshot-\d{4}(-\d{2}){5}\.snapshot$/,
  },
])("$family snapshots (§3, §6)", ({ base, ops: [listOp, createOp, deleteOp], name }) => {
  const list = async () =>
    (await envelope(await get(base), listOp, ["result", "status", "time"])).result as {
      name: string;
      checksum: string;
      size: number;
    }[];

  it("create wait=true returns the description; download is byte-identical to the checksum", async () => {
    const created = await envelope(await get(base, { method: "POST" }), createOp, [
      "result",
      "status",
      "time",
    ]);
    const snap = created.result as { name: string; size: number; checksum: string; creation_time: string };
    expect(snap.name).toMatch(name);
    expect(snap.creation_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(await list()).toContainEqual(snap);

    const res = await get(`${base}/${snap.name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${snap.name}"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(snap.size);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(snap.checksum);
    expect(new TextDecoder("utf-8", { fatal: false }).decode(bytes)).toContain("\uFFFD");

    const deleted = await envelope(await get(`${base}/${snap.name}`, { method: "DELETE" }), deleteOp, [
      "result",
      "status",
      "time",
    ]);
    expect(deleted.result).toBe(true);
    expect((await list()).map((s) => s.name)).not.toContain(snap.name);
  });

  it("wait=false answers 202 accepted and the snapshot appears shortly after", async () => {
    const before = (await list()).map((s) => s.name);
    const res = await get(`${base}?wait=false`, { method: "POST" });
    expect(res.status).toBe(202);
    const body = await envelope(res, createOp, ["status", "time"]);
    expect(body.status).toBe("accepted");
    await expect
      .poll(async () => (await list()).filter((s) => !before.includes(s.name)).length, { timeout: 5000 })
      .toBe(1);

    const fresh = (await list()).find((s) => !before.includes(s.name))!;
    const del = await get(`${base}/${fresh.name}?wait=false`, { method: "DELETE" });
    expect(del.status).toBe(202);
    expect((await envelope(del, deleteOp, ["status", "time"])).status).toBe("accepted");
    await expect
      .poll(async () => (await list()).some((s) => s.name === fresh.name), { timeout: 5000 })
      .toBe(false);
  });

  it("missing snapshot: download is 404 text/plain, delete is a 404 envelope", async () => {
    const dl = await get(`${base}/nope.snapshot`);
    expect(dl.status).toBe(404);
    expect(dl.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await dl.text()).toBe("Not found: Snapshot nope.snapshot not found");
    const del = await get(`${base}/nope.snapshot`, { method: "DELETE" });
    expect(del.status).toBe(404);
    expect(await envelope(del, deleteOp, ["status", "time"])).toMatchObject({
      status: { error: "Not found: Snapshot nope.snapshot not found" },
    });
  });
});

describe("snapshots of a missing collection", () => {
  it("list is a 404 envelope; download is 404 text/plain", async () => {
    const res = await get("/collections/missing/snapshots");
    expect(res.status).toBe(404);
    await envelope(res, "list_snapshots", ["status", "time"]);
    const dl = await get("/collections/missing/snapshots/x.snapshot");
    expect(dl.status).toBe(404);
    expect(await dl.text()).toBe("Not found: Collection `missing` doesn't exist!");
  });
});
