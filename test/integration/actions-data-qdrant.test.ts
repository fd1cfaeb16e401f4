import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { qdrantAction } from "@/lib/actions/kinds/qdrant";
import { NotFound } from "@/lib/errors";
import { createResponseValidator, loadQdrantSpec } from "@/test/support/openapi-validator";
import { startQdrantStandin, type QdrantStandin } from "@/test/support/qdrant-standin";
import { declare, runKind, serviceWith, testDeps } from "./actions-data-support";

/** The qdrant kind against the contract-following stand-in (shared/contracts). */

const KEY = "qdrant-rw-key-5521";
const loaded = loadQdrantSpec();
let standin: QdrantStandin;
const target = serviceWith({ id: "data.qdrant" });

const decl = (operation: string, extra: Record<string, unknown> = {}) =>
  declare({ kind: "qdrant", id: `q-${operation}`, url: standin.url, apiKey: KEY, operation, ...extra });

beforeAll(async () => {
  standin = await startQdrantStandin({
    apiKey: KEY,
    snapshotSize: 300_000,
    collections: { docs: { pointsCount: 42, vectorSize: 8 }, faq: { pointsCount: 7 } },
  });
});
afterAll(() => standin?.close());

describe("qdrant snapshots", () => {
  it("creates a snapshot, lists it, and downloads it byte-identical", async () => {
    const created = await runKind(qdrantAction, target, decl("create-snapshot", { collection: "docs" }));
    expect(created.error).toBeUndefined();
    const snap = created.result as { name: string; size: number; checksum: string };
    const served = standin.snapshotBytes("docs", snap.name)!;
    expect(snap.size).toBe(served.length);
    expect(snap.checksum).toBe(createHash("sha256").update(served).digest("hex"));

    const listed = await runKind(qdrantAction, target, decl("list-snapshots", { collection: "docs" }));
    expect((listed.result as { snapshots: { name: string }[] }).snapshots.map((s) => s.name)).toEqual([
      snap.name,
    ]);

    const deps = testDeps();
    const got = await runKind(qdrantAction, target, decl("download-snapshot", { collection: "docs" }), {
      snapshot: snap.name,
    }, { deps }); // prettier-ignore
    expect(got.error).toBeUndefined();
    const r = got.result as { file: string; bytes: number; sha256: string; checksumVerified: boolean };
    expect(r.file).toBe(path.join(deps.dataDir, "qdrant", "data.qdrant", snap.name));
    const onDisk = readFileSync(r.file);
    // Binary-safe: the stand-in's bytes start with invalid UTF-8, which a text decode would mangle.
    expect(onDisk.equals(served)).toBe(true);
    expect(r.sha256).toBe(snap.checksum);
    expect(r.checksumVerified).toBe(true);
    expect(got.out.progress.at(-1)).toEqual({ done: served.length, total: served.length });
    expect(readdirSync(path.dirname(r.file)).filter((f) => f.endsWith(".partial"))).toEqual([]);
    // Every request carried the API key; the key never reached the output.
    expect(standin.requests.every((req) => req.headers["api-key"] === KEY)).toBe(true);
    expect(got.out.text()).not.toContain(KEY);
  });

  it("downloads only a snapshot the collection lists, and validates the name's shape first", async () => {
    const schema = qdrantAction.params(target, decl("download-snapshot", { collection: "docs" }));
    expect(schema.safeParse({ snapshot: "../../etc/passwd" }).error?.issues[0].path).toEqual(["snapshot"]);
    const deps = testDeps();
    const name = "docs-1-2020-01-01-00-00-00.snapshot";
    const { error } = await runKind(qdrantAction, target, decl("download-snapshot", { collection: "docs" }), {
      snapshot: name,
    }, { deps }); // prettier-ignore
    expect(error).toBeInstanceOf(NotFound);
    expect(error?.message).toBe(`snapshot ${name} is not one of docs's snapshots`);
    expect(existsSync(path.join(deps.dataDir, "qdrant", "data.qdrant", name))).toBe(false);
  });

  it("reports a wrong API key without echoing it", async () => {
    const { error } = await runKind(
      qdrantAction,
      target,
      declare({
        kind: "qdrant",
        id: "bad",
        url: standin.url,
        apiKey: "wrong-key-77",
        operation: "list-collections",
      }),
    );
    expect(error?.message).toMatch(/HTTP 401 Invalid API key/);
    expect(error?.message).not.toContain("wrong-key-77");
  });
});

describe("qdrant collections", () => {
  it("lists collections with their point counts", async () => {
    const { result } = await runKind(qdrantAction, target, decl("list-collections"));
    expect((result as { collections: unknown[] }).collections).toEqual(
      expect.arrayContaining([
        { name: "docs", points_count: 42, status: "green" },
        { name: "faq", points_count: 7, status: "green" },
      ]),
    );
  });

  it("check-collection passes on the declared schema and fails naming the mismatch", async () => {
    const ok = await runKind(qdrantAction, target, decl("check-collection", { collection: "docs", schema: { size: 8, distance: "Cosine" } })); // prettier-ignore
    expect(ok.error).toBeUndefined();
    expect(ok.result).toMatchObject({
      created: false,
      matches: true,
      vectors: { size: 8, distance: "Cosine" },
    });
    const bad = await runKind(qdrantAction, target, decl("check-collection", { collection: "docs", schema: { size: 384, distance: "Dot" } })); // prettier-ignore
    expect(bad.error?.message).toBe(
      "collection docs does not match the declared schema: vector size is 8, expected 384; distance is Cosine, expected Dot",
    );
    const gone = await runKind(qdrantAction, target, decl("check-collection", { collection: "nope", schema: { size: 8, distance: "Cosine" } })); // prettier-ignore
    expect(gone.error?.message).toBe("collection nope does not exist");
  });

  it("ensure-collection creates a missing collection once, then only checks it", async () => {
    const ensure = decl("ensure-collection", { collection: "fresh", schema: { size: 16, distance: "Dot" } });
    const first = await runKind(qdrantAction, target, ensure);
    expect(first.error).toBeUndefined();
    expect(first.result).toMatchObject({
      created: true,
      matches: true,
      vectors: { size: 16, distance: "Dot" },
    });
    const puts = () => standin.requests.filter((r) => r.method === "PUT").length;
    const before = puts();
    const second = await runKind(qdrantAction, target, ensure);
    expect(second.result).toMatchObject({ created: false, matches: true });
    expect(puts()).toBe(before);
    const other = await runKind(qdrantAction, target, decl("ensure-collection", { collection: "fresh", schema: { size: 8, distance: "Dot" } })); // prettier-ignore
    expect(other.error?.message).toMatch(/vector size is 16, expected 8/);
  });

  it("the stand-in's create_collection answers follow the pinned contract", async () => {
    const validator = createResponseValidator(loaded.spec);
    const put = async (name: string, body: string) => {
      const res = await fetch(`${standin.url}/collections/${name}`, {
        method: "PUT",
        headers: { "api-key": KEY, "content-type": "application/json" },
        body,
      });
      const json: unknown = await res.json();
      expect(validator.validate("create_collection", res.status, json)).toEqual({ valid: true });
      return { status: res.status, json };
    };
    expect(await put("contract", '{"vectors":{"size":4,"distance":"Euclid"}}')).toMatchObject({
      status: 200,
      json: { result: true, status: "ok" },
    });
    expect((await put("contract", '{"vectors":{"size":4,"distance":"Euclid"}}')).status).toBe(409);
    expect((await put("broken", '{"vectors":{"size":0,"distance":"Euclid"}}')).status).toBe(400);
  });
});
