import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { s3TargetSchema, sha256Hex, signRequest, uploadPublication, type S3Target } from "./s3";
import { storedFile, type Manifest, type StoredFile } from "./store";

/**
 * The bucket copy of a publication: requests S3 accepts (SigV4), only what changed, the manifest
 * after the files and before the deletions, no protected page, and errors that name the object
 * but never a credential.
 */

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

describe("signRequest", () => {
  it("gives the signature of AWS's published example (GET Object with a Range header)", () => {
    const headers = signRequest({
      method: "GET",
      url: new URL("https://examplebucket.s3.amazonaws.com/test.txt"),
      headers: { Range: "bytes=0-9" },
      payloadHash: sha256Hex(""),
      region: "us-east-1",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: SECRET,
      now: new Date("2013-05-24T00:00:00Z"),
    });
    expect(headers["x-amz-date"]).toBe("20130524T000000Z");
    expect(headers["x-amz-content-sha256"]).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    expect(headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request," +
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date," +
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    );
  });
});

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** A fetch that records each request and answers with `answer` (200 by default). */
function recorder(answer: (req: Sent) => Response | Promise<Response> = () => new Response(null)) {
  const sent: Sent[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fake = async (input: string | URL | Request, init?: RequestInit) => {
    const req: Sent = {
      method: init?.method ?? "GET",
      url: String(input),
      headers: init?.headers as Record<string, string>,
      body: init?.body ? Buffer.from(init.body as Uint8Array) : Buffer.alloc(0),
    };
    sent.push(req);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise((r) => setTimeout(r, 2));
      return await answer(req);
    } finally {
      inFlight -= 1;
    }
  };
  return { sent, fetch: fake as typeof fetch, maxInFlight: () => maxInFlight };
}

const target: S3Target = s3TargetSchema.parse({
  endpoint: "http://127.0.0.1:9000",
  bucket: "acme-status",
  prefix: "status",
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: SECRET,
});

function publication(bodies: Record<string, string>, protectedPages: string[] = []) {
  const files = new Map<string, StoredFile>(Object.entries(bodies).map(([p, b]) => [p, storedFile(p, b)]));
  const ids = [...new Set(Object.keys(bodies).map((p) => p.split("/")[0]))].filter((id) => id !== "_assets");
  const manifest: Manifest = {
    version: 1,
    publishedAt: "2025-06-10T12:00:00.000Z",
    pages: ids.map((id, i) => ({
      id,
      title: id,
      isDefault: i === 0,
      password: protectedPages.includes(id) ? "salt:0123abcd" : null,
    })),
  };
  return { files, manifest };
}

const keyOf = (req: Sent) => new URL(req.url).pathname.replace("/acme-status/status/", "");

describe("uploadPublication", () => {
  it("puts each file gzipped with its type and cache policy, then the manifest, and skips protected pages", async () => {
    const { files, manifest } = publication(
      {
        "_assets/status.css": "body{}",
        "acme/index.html": "<h1>Acme</h1>",
        "acme/status.json": "{}",
        "acme/badge.svg": "<svg/>",
        "internal/index.html": "<h1>Internal</h1>",
        "internal/status.json": '{"secret":true}',
      },
      ["internal"],
    );
    const { sent, fetch } = recorder();
    const result = await uploadPublication(target, files, manifest, undefined, { fetch });

    // The page and its JSON also go under the addresses pages link to (a bucket has no router).
    expect(result).toMatchObject({ uploaded: 7, skipped: 0, deleted: 0, skippedProtected: ["internal"] });
    expect([...result.etags.keys()].sort()).toEqual([
      "_assets/status.css",
      "acme",
      "acme/api/status.json",
      "acme/badge.svg",
      "acme/index.html",
      "acme/status.json",
    ]);
    expect(result.etags.get("acme")).toBe(result.etags.get("acme/index.html"));
    expect(sent.every((r) => r.method === "PUT")).toBe(true);
    expect(sent.map(keyOf).at(-1)).toBe("manifest.json");
    expect(sent.some((r) => keyOf(r).startsWith("internal/"))).toBe(false);

    const byKey = new Map(sent.map((r) => [keyOf(r), r]));
    const css = byKey.get("_assets/status.css")!;
    expect(css.url).toBe("http://127.0.0.1:9000/acme-status/status/_assets/status.css");
    expect(gunzipSync(css.body).toString()).toBe("body{}");
    expect(css.headers).toMatchObject({
      "content-type": "text/css; charset=utf-8",
      "content-encoding": "gzip",
      "cache-control": "public, max-age=300",
      "x-amz-content-sha256": sha256Hex(css.body),
    });
    expect(byKey.get("acme/index.html")!.headers["cache-control"]).toBe("public, max-age=10");
    expect(byKey.get("acme/status.json")!.headers["content-type"]).toBe("application/json; charset=utf-8");

    // The bucket's manifest lists only public pages: a protected entry carries the password hash.
    const uploadedManifest = JSON.parse(gunzipSync(byKey.get("manifest.json")!.body).toString()) as Manifest;
    expect(uploadedManifest.pages.map((p) => p.id)).toEqual(["acme"]);
    expect(JSON.stringify(uploadedManifest)).not.toContain("salt:");
  });

  it("sends only what changed, then the manifest, then deletes what is gone (also a page now protected)", async () => {
    const first = publication({
      "_assets/status.css": "body{}",
      "acme/index.html": "<h1>Acme: up</h1>",
      "acme/components/db.html": "db",
      "beta/index.html": "<h1>Beta</h1>",
    });
    const one = recorder();
    const { etags } = await uploadPublication(target, first.files, first.manifest, undefined, {
      fetch: one.fetch,
    });

    const second = publication(
      {
        "_assets/status.css": "body{}",
        "acme/index.html": "<h1>Acme: down</h1>",
        "beta/index.html": "<h1>Beta</h1>",
      },
      ["beta"],
    );
    const two = recorder();
    const result = await uploadPublication(target, second.files, second.manifest, etags, {
      fetch: two.fetch,
    });

    expect(result).toMatchObject({ uploaded: 3, skipped: 1, deleted: 4, skippedProtected: ["beta"] });
    expect(two.sent.map((r) => `${r.method} ${keyOf(r)}`)).toEqual([
      "PUT acme/index.html",
      "PUT acme",
      "PUT manifest.json",
      "DELETE acme/components/db.html",
      "DELETE acme/components/db",
      "DELETE beta/index.html",
      "DELETE beta",
    ]);
    expect([...result.etags.keys()].sort()).toEqual(["_assets/status.css", "acme", "acme/index.html"]);
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    const bodies = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`acme/components/c${i}.html`, `${i}`]),
    );
    const { files, manifest } = publication(bodies);
    const rec = recorder();
    await uploadPublication(target, files, manifest, undefined, { fetch: rec.fetch });
    expect(rec.sent).toHaveLength(81); // each component page also under its link's address
    expect(rec.maxInFlight()).toBe(8);
  });

  it("addresses the bucket as a host name when pathStyle is false", async () => {
    const { files, manifest } = publication({ "acme/index.html": "x" });
    const { sent, fetch } = recorder();
    const hosted = { ...target, endpoint: "https://s3.eu-west-1.amazonaws.com", pathStyle: false };
    await uploadPublication(hosted, files, manifest, undefined, { fetch });
    expect(sent[0].url).toBe("https://acme-status.s3.eu-west-1.amazonaws.com/status/acme/index.html");
  });

  it("refuses a path that is not a plain relative path before sending anything", async () => {
    const { files, manifest } = publication({ "acme/index.html": "x" });
    files.set("acme/../../etc/passwd", storedFile("x", "x"));
    const { sent, fetch } = recorder();
    await expect(uploadPublication(target, files, manifest, undefined, { fetch })).rejects.toThrow(
      /refusing/,
    );
    expect(sent).toHaveLength(0);
  });
});

describe("errors", () => {
  const { files, manifest } = publication({ "acme/index.html": "x", "acme/status.json": "{}" });

  async function failure(options: Parameters<typeof uploadPublication>[4]): Promise<Error> {
    const error = await uploadPublication(target, files, manifest, undefined, options).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }

  const mustNotLeak = (error: Error, sent: Sent[]) => {
    const text = `${error.message}\n${error.stack}\n${JSON.stringify(error)}`;
    expect(text).not.toContain(SECRET);
    for (const r of sent) expect(text).not.toContain(r.headers.authorization.split("Signature=")[1]);
  };

  it("name the key, the HTTP status and S3's code, and nothing S3 echoes back", async () => {
    const rec = recorder(
      (req) =>
        new Response(
          `<?xml version="1.0"?><Error><Code>SignatureDoesNotMatch</Code><Message>${SECRET}</Message>` +
            `<SignatureProvided>${req.headers.authorization}</SignatureProvided></Error>`,
          { status: 403 },
        ),
    );
    const error = await failure({ fetch: rec.fetch });
    expect(error.message).toMatch(/"status\/acme\/(index\.html|status\.json)"/);
    expect(error.message).toContain("HTTP 403 SignatureDoesNotMatch");
    expect(error).toMatchObject({ httpStatus: 403, s3Code: "SignatureDoesNotMatch" });
    mustNotLeak(error, rec.sent);
    // A file failed: the manifest (which would point at it) was not sent.
    expect(rec.sent.some((r) => r.url.endsWith("manifest.json"))).toBe(false);
  });

  it("say when the endpoint does not answer, without the secret in the cause's text", async () => {
    const rec = recorder(() => {
      throw new TypeError("fetch failed", { cause: new Error(`connect failed for ${SECRET}`) });
    });
    const error = await failure({ fetch: rec.fetch });
    expect(error.message).toMatch(/^S3 PUT of "status\/acme\/\S+" failed: /);
    mustNotLeak(error, rec.sent);
  });

  it("stop a request after the timeout", async () => {
    // A server that never answers: only the request's own signal ends it.
    const hang = ((_: unknown, init?: RequestInit) =>
      new Promise((_, reject) => {
        const signal = init!.signal!;
        signal.addEventListener("abort", () => reject(signal.reason as Error));
      })) as typeof fetch;
    const error = await failure({ fetch: hang, timeoutMs: 50 });
    expect(error.message).toMatch(/^S3 PUT of "status\/acme\/\S+" failed: timed out after 0.05 s$/);
  });
});

describe("s3TargetSchema", () => {
  const base = {
    endpoint: "https://s3.eu-west-1.amazonaws.com",
    bucket: "acme-status",
    accessKeyId: "k",
    secretAccessKey: "s",
  };

  it("fills the defaults", () => {
    expect(s3TargetSchema.parse(base)).toEqual({ ...base, region: "us-east-1", pathStyle: true });
  });

  it.each([
    ["a non-http endpoint", { endpoint: "ftp://files.example.com" }],
    ["credentials in the endpoint", { endpoint: "https://key:secret@s3.example.com" }],
    ["an upper-case bucket", { bucket: "Acme" }],
    ["a prefix starting with /", { prefix: "/status/" }],
    ["a prefix with ..", { prefix: "a/../b/" }],
    ["an empty secret", { secretAccessKey: "" }],
    ["an unknown key", { acl: "public-read" }],
  ])("rejects %s", (_, change) => {
    expect(s3TargetSchema.safeParse({ ...base, ...change }).success).toBe(false);
  });
});
