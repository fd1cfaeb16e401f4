import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { get } from "node:http";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HealthState } from "@/lib/probes/types";
import { resolvePages } from "@/lib/status-page/derive";
import { publicationFiles } from "@/lib/status-page/files";
import { uploadPublication, withAliases, type S3Target } from "@/lib/status-page/s3";
import { statusPageSchema } from "@/lib/status-page/schemas";
import { buildSnapshot } from "@/lib/status-page/snapshot";
import { SnapshotStore, storedFile, type Manifest, type StoredFile } from "@/lib/status-page/store";
import { StatusPublisher } from "@/lib/status-page/publisher";
import type { Db } from "@/lib/infra/db";
import { waitFor } from "../support/docker";
import { config } from "../support/engine";
import { scratchPglite } from "../support/scratch-db";

/**
 * A publication copied to a real S3-compatible server (s3rver, behind a front that checks each
 * request's SigV4 signature and payload hash: test/support/s3-server.mjs), then read back the way
 * a CDN would, anonymously: the same bytes with the uploaded headers, only changes sent again,
 * removed files deleted, protected pages never there, and an outage that fails loudly without
 * leaking the secret and heals on the next publication.
 */

const BUCKET = "opsdeck-status";
const ACCESS_KEY = "AKOPSDECKTEST";
const SECRET = `s3-secret/${randomBytes(12).toString("base64url")}`;

let dir: string;
let server: ChildProcess | undefined;
let port = 0;
let target: S3Target;

async function startS3(fixedPort = 0): Promise<number> {
  const child = spawn(process.execPath, [path.join(__dirname, "../support/s3-server.mjs")], {
    env: {
      ...process.env,
      S3_DIR: dir,
      S3_BUCKET: BUCKET,
      S3_ACCESS_KEY: ACCESS_KEY,
      S3_SECRET_KEY: SECRET,
      S3_PORT: String(fixedPort),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server = child;
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n")) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.on("exit", (code) => reject(new Error(`s3 server exited (${code}): ${err}`)));
    setTimeout(() => reject(new Error(`s3 server did not start: ${err}`)), 20_000).unref();
  });
}

async function stopS3(): Promise<void> {
  const child = server;
  server = undefined;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** An anonymous GET with node:http, which (unlike fetch) leaves a gzip body as it came. */
function getRaw(key: string): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`http://127.0.0.1:${port}/${BUCKET}/${key}`, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    }).on("error", reject);
  });
}

async function keysUnder(prefix: string): Promise<string[]> {
  const { body } = await getRaw(`?list-type=2&prefix=${encodeURIComponent(prefix)}`);
  return [...body.toString().matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]);
}

const NOW = Date.parse("2025-06-10T12:00:00Z");

/** Two pages as the publisher renders them: "acme" public, "internal" behind a password. */
function realPublication(): { files: Map<string, StoredFile>; manifest: Manifest } {
  const pages = resolvePages(
    [
      statusPageSchema.parse({
        id: "acme",
        title: "Acme status",
        default: true,
        components: [
          { name: "API", services: ["api"] },
          { name: "Storefront", components: [{ name: "Shop", services: ["shop"] }] },
        ],
      }),
      statusPageSchema.parse({
        id: "internal",
        title: "Internal tools",
        access: { password: "correct-horse-battery" },
        components: [{ name: "Build farm", services: ["ci"] }],
      }),
    ],
    [],
  );
  const health = new Map<string, HealthState>([
    ["api", "up"],
    ["shop", "down"],
    ["ci", "up"],
  ]);
  const built = pages.map((page) => ({
    page,
    snapshot: buildSnapshot(page, {
      now: NOW,
      health,
      services: [...health.keys()].map((id) => ({ id, stackId: "prod", tags: [] })),
      incidents: [],
      windows: [],
      segments: new Map(),
    }),
  }));
  return publicationFiles(built, "https://status.acme.example", null);
}

const first = realPublication();
// Every file, and the page, component pages and JSON again under the addresses pages link to.
const publicEntries = withAliases(first.files).filter(
  ([p]) => p !== "internal" && !p.startsWith("internal/"),
);
const publicPaths = publicEntries.map(([p]) => p);
let etags: Map<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "opsdeck-s3-"));
  port = await startS3();
  target = {
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    bucket: BUCKET,
    prefix: "status/",
    accessKeyId: ACCESS_KEY,
    secretAccessKey: SECRET,
  };
});

afterAll(async () => {
  await stopS3();
  await rm(dir, { recursive: true, force: true });
});

describe("status page publication to an S3 bucket", () => {
  it("uploads every public file as gzip with its type and cache policy, and no protected page", async () => {
    const result = await uploadPublication(target, first.files, first.manifest);
    etags = result.etags;
    expect(publicPaths.length).toBeGreaterThan(10);
    expect(result).toMatchObject({
      uploaded: publicPaths.length + 1,
      skipped: 0,
      deleted: 0,
      skippedProtected: ["internal"],
    });

    expect(publicPaths).toEqual(
      expect.arrayContaining(["acme", "acme/components/api", "acme/api/status.json"]),
    );
    for (const [relative, file] of publicEntries) {
      const got = await getRaw(`status/${relative}`);
      expect(got.status, relative).toBe(200);
      expect(got.headers["content-encoding"], relative).toBe("gzip");
      expect(got.headers["content-type"], relative).toBe(file.type);
      expect(got.headers["cache-control"], relative).toBe(
        relative.startsWith("_assets/") ? "public, max-age=300" : "public, max-age=10",
      );
      expect(gunzipSync(got.body).equals(file.body), relative).toBe(true);
    }

    const manifest = await getRaw("status/manifest.json");
    expect(manifest.headers["content-type"]).toBe("application/json; charset=utf-8");
    const published = JSON.parse(gunzipSync(manifest.body).toString()) as Manifest;
    expect(published.pages).toEqual([{ id: "acme", title: "Acme status", isDefault: true, password: null }]);

    expect(await keysUnder("status/acme/")).toContain("status/acme/index.html");
    expect(await keysUnder("status/internal/")).toEqual([]);
    expect((await getRaw("status/internal/index.html")).status).toBe(404);
    expect((await getRaw("status/internal")).status).toBe(404);
  });

  it("sends only the changed file and the manifest, and deletes the file no longer published", async () => {
    const files = new Map(first.files);
    files.set("acme/index.html", storedFile("acme/index.html", "<h1>Acme: all good again</h1>"));
    files.delete("acme/components/shop/badge.svg");
    const manifest = { ...first.manifest, publishedAt: "2025-06-10T12:01:00.000Z" };

    const result = await uploadPublication(target, files, manifest, etags);
    etags = result.etags;
    // The page under its two keys (acme/index.html and acme), and the manifest.
    expect(result).toMatchObject({ uploaded: 3, skipped: publicPaths.length - 3, deleted: 1 });

    const changed = await getRaw("status/acme/index.html");
    expect(gunzipSync(changed.body).toString()).toBe("<h1>Acme: all good again</h1>");
    expect((await getRaw("status/acme/components/shop/badge.svg")).status).toBe(404);
    const published = JSON.parse(
      gunzipSync((await getRaw("status/manifest.json")).body).toString(),
    ) as Manifest;
    expect(published.publishedAt).toBe("2025-06-10T12:01:00.000Z");
  });

  it("is refused by the server when signed with another secret, and says so without the secret", async () => {
    const wrong = { ...target, secretAccessKey: `${SECRET}-old` };
    const files = new Map([["acme/index.html", storedFile("acme/index.html", "forged")]]);
    const error = (await uploadPublication(wrong, files, first.manifest).catch((e: Error) => e)) as Error;
    expect(error.message).toBe(
      `S3 PUT of "status/acme/index.html" failed: HTTP 403 SignatureDoesNotMatch (bucket "${BUCKET}")`,
    );
    expect(`${error.message}${error.stack}`).not.toContain(SECRET);
    expect(gunzipSync((await getRaw("status/acme/index.html")).body).toString()).toBe(
      "<h1>Acme: all good again</h1>",
    );
  });

  it("rejects naming the object while the server is down, and publishes again once it is back", async () => {
    await stopS3();
    const files = new Map(first.files);
    files.delete("acme/components/shop/badge.svg");
    files.set("acme/index.html", storedFile("acme/index.html", "<h1>Acme: after the outage</h1>"));
    const manifest = { ...first.manifest, publishedAt: "2025-06-10T12:02:00.000Z" };

    const error = (await uploadPublication(target, files, manifest, etags).catch((e: Error) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(
      /^S3 PUT of "status\/acme\/index\.html" failed: no answer \(ECONNREFUSED\)$/,
    );
    expect(`${error.message}${error.stack}${JSON.stringify(error)}`).not.toContain(SECRET);

    // Back on the same port with the same data: the caller retries with the etags it last had.
    await startS3(port);
    const result = await uploadPublication(target, files, manifest, etags);
    expect(result).toMatchObject({ uploaded: 3, deleted: 0 });
    expect(gunzipSync((await getRaw("status/acme/index.html")).body).toString()).toBe(
      "<h1>Acme: after the outage</h1>",
    );
    const published = JSON.parse(
      gunzipSync((await getRaw("status/manifest.json")).body).toString(),
    ) as Manifest;
    expect(published.publishedAt).toBe("2025-06-10T12:02:00.000Z");
  });

  it("is where the publisher copies each publication when settings.statusPages.s3 names it", async () => {
    const scratch = await scratchPglite();
    const cfg = config(`
version: 1
settings:
  discoverContainers: false
  statusPages:
    s3:
      endpoint: http://127.0.0.1:${port}
      bucket: ${BUCKET}
      prefix: copy/
      accessKeyId: ${ACCESS_KEY}
      secretAccessKey: "${SECRET}"
services:
  - id: api
statusPages:
  - id: shop
    title: Shop status
    components: [{ name: Checkout, services: [api] }]
`);
    const folder = await mkdtemp(path.join(os.tmpdir(), "opsdeck-s3-publisher-"));
    const publisher = new StatusPublisher({
      dir: path.join(folder, "status"),
      store: new SnapshotStore(),
      siteOrigin: () => "https://status.shop.example",
      config: () => cfg,
      catalog: () => ({
        stacks: [],
        services: [
          {
            id: "api",
            name: "api",
            stackId: "default",
            kind: "external",
            tags: [],
            checks: [],
            actions: [],
            containers: [],
            origin: "config",
          },
        ],
        edges: [],
        settings: cfg.settings,
      }),
      health: () => new Map<string, HealthState>([["api", "down"]]),
      windows: () => [],
      db: async () => scratch.db as unknown as Db,
    });
    try {
      await publisher.publishNow();
      await waitFor(async () => publisher.status().uploadedAt ?? undefined, "the bucket copy", {
        timeoutMs: 10_000,
        intervalMs: 50,
      });
      expect(publisher.status().uploadError).toBeNull();
      // A plain bucket serves the page at the address its links use, with what the console serves.
      const page = await getRaw("copy/shop");
      expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(gunzipSync(page.body).toString()).toContain("Major outage");
      const json = JSON.parse(gunzipSync((await getRaw("copy/shop/api/status.json")).body).toString()) as {
        overall: { status: string };
      };
      expect(json.overall.status).toBe("major_outage");
      expect((await getRaw("copy/shop/components/checkout")).status).toBe(200);
    } finally {
      publisher.stop();
      await scratch.drop();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
