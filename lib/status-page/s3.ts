import { createHash, createHmac } from "node:crypto";
import { Unavailable } from "@/lib/errors";
import { SEGMENTS } from "./s3-schema";
import { ASSETS_DIR, storedFile, type Manifest, type StoredFile } from "./store";

/**
 * Uploads a publication to an S3-compatible bucket (AWS S3, MinIO, R2, ...), so the status page
 * can be served from object storage or a CDN while the console and its host are gone. Requests
 * are signed here with SigV4 (node:crypto, no SDK). Only changed files are sent, the manifest
 * last, then what the previous publication had and this one does not is deleted.
 */

export interface S3Target {
  /** e.g. https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000 */
  endpoint: string;
  region: string;
  bucket: string;
  /** Key prefix, e.g. "status/"; a missing trailing "/" is added. */
  prefix?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** https://endpoint/bucket/key (default) rather than https://bucket.endpoint/key. */
  pathStyle?: boolean;
}

export { s3TargetSchema } from "./s3-schema";

export interface UploadResult {
  /** Objects written, the manifest included. */
  uploaded: number;
  /** Files unchanged since `previous`, not sent again. */
  skipped: number;
  deleted: number;
  /** Relative path → etag of every file now in the bucket: the next call's `previous`. */
  etags: Map<string, string>;
  /** Pages with a password: a bucket cannot ask for one, so none of their files went up. */
  skippedProtected: string[];
}

export interface UploadOptions {
  concurrency?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => Date;
}

const MANIFEST = "manifest.json";

export async function uploadPublication(
  target: S3Target,
  files: Map<string, StoredFile>,
  manifest: Manifest,
  previous: Map<string, string> = new Map(),
  options: UploadOptions = {},
): Promise<UploadResult> {
  const send = requester(target, options);
  const concurrency = options.concurrency ?? 8;
  const skippedProtected = manifest.pages.filter((p) => p.password !== null).map((p) => p.id);
  const isProtected = (relative: string) =>
    skippedProtected.some((id) => relative === id || relative.startsWith(`${id}/`));
  for (const relative of [...files.keys(), ...previous.keys()]) checkRelative(relative);

  const published = withAliases(files).filter(
    ([relative]) => relative !== MANIFEST && !isProtected(relative),
  );
  const changed = published.filter(([relative, file]) => previous.get(relative) !== file.etag);
  await inPool(changed, concurrency, ([relative, file]) => send("PUT", relative, file));

  // Last, so a reader never sees a manifest naming files that are not there yet. Protected pages
  // are left out: their entry carries the password's hash.
  const pages = manifest.pages.filter((p) => p.password === null);
  await send("PUT", MANIFEST, storedFile(MANIFEST, JSON.stringify({ ...manifest, pages })));

  const kept = new Set(published.map(([relative]) => relative));
  const gone = [...previous.keys()].filter((relative) => relative !== MANIFEST && !kept.has(relative));
  await inPool(gone, concurrency, (relative) => send("DELETE", relative));

  return {
    uploaded: changed.length + 1,
    skipped: published.length - changed.length,
    deleted: gone.length,
    etags: new Map(published.map(([relative, file]) => [relative, file.etag])),
    skippedProtected,
  };
}

/**
 * The publication as a plain bucket must hold it: pages link to `/status/<page>`,
 * `…/components/<id>` and `…/api/status.json`, which the console's router maps to files; a bucket
 * has no router, so the same bytes are also stored under those keys.
 */
export function withAliases(files: Map<string, StoredFile>): [string, StoredFile][] {
  const out: [string, StoredFile][] = [];
  for (const [relative, file] of files) {
    out.push([relative, file]);
    const page = /^([^/]+)\/index\.html$/.exec(relative);
    if (page && page[1] !== ASSETS_DIR) out.push([page[1], file]);
    const component = /^([^/]+\/components\/[^/]+)\.html$/.exec(relative);
    if (component) out.push([component[1], file]);
    const api = /^([^/]+)\/(status|summary)\.json$/.exec(relative);
    if (api) out.push([`${api[1]}/api/${api[2]}.json`, file]);
  }
  return out;
}

function checkRelative(relative: string): void {
  if (!relative || relative.endsWith("/") || !SEGMENTS.test(relative))
    throw new Error(`refusing to upload "${relative}": not a plain relative path`);
}

/** Short for HTML, JSON, feeds and badges (they change with the status); longer for the shared assets. */
export function cacheControlFor(relative: string): string {
  return relative.startsWith(`${ASSETS_DIR}/`) ? "public, max-age=300" : "public, max-age=10";
}

/** A failed request: names the object, the HTTP status and S3's error code, never a credential. */
export class S3RequestError extends Unavailable {
  constructor(
    readonly method: string,
    readonly key: string,
    readonly httpStatus: number | null,
    readonly s3Code: string | null,
    detail: string,
  ) {
    super(`S3 ${method} of "${key}" failed: ${detail}`);
    this.name = "S3RequestError";
  }
}

function requester(target: S3Target, options: UploadOptions) {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const prefix = target.prefix ? target.prefix.replace(/\/?$/, "/") : "";
  // Belt and braces for text that comes from below (a network error's message).
  const redact = (text: string) =>
    (target.secretAccessKey ? text.split(target.secretAccessKey).join("[redacted]") : text).replace(
      /[0-9a-f]{64}/g,
      "[redacted]",
    );

  return async (method: "PUT" | "DELETE", relative: string, file?: StoredFile): Promise<void> => {
    const key = prefix + relative;
    const url = objectUrl(target, key);
    const body = file?.gzip ?? Buffer.alloc(0);
    const headers: Record<string, string> = file
      ? { "content-type": file.type, "cache-control": cacheControlFor(relative), "content-encoding": "gzip" }
      : {};
    const signed = signRequest({
      method,
      url,
      headers,
      payloadHash: sha256Hex(body),
      region: target.region,
      accessKeyId: target.accessKeyId,
      secretAccessKey: target.secretAccessKey,
      now: options.now?.() ?? new Date(),
    });
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method,
        headers: signed,
        body: file ? new Uint8Array(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new S3RequestError(method, key, null, null, redact(networkDetail(error, timeoutMs)));
    }
    const text = await response.text().catch(() => "");
    if (response.ok || (method === "DELETE" && response.status === 404)) return;
    // Only the code: S3's other fields (StringToSign, SignatureProvided) must not reach a log.
    const code = /<Code>([A-Za-z0-9.]{1,64})<\/Code>/.exec(text)?.[1] ?? null;
    const detail = `HTTP ${response.status}${code ? ` ${code}` : ""} (bucket "${target.bucket}")`;
    throw new S3RequestError(method, key, response.status, code, detail);
  };
}

function networkDetail(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") return `timed out after ${timeoutMs / 1000} s`;
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === "string") return `no answer (${cause.code})`;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function objectUrl(target: S3Target, key: string): URL {
  const base = new URL(target.endpoint);
  const basePath = base.pathname.replace(/\/+$/, "");
  const path = key.split("/").map(uriEncode).join("/");
  return target.pathStyle === false
    ? new URL(`${base.protocol}//${target.bucket}.${base.host}${basePath}/${path}`)
    : new URL(`${base.protocol}//${base.host}${basePath}/${uriEncode(target.bucket)}/${path}`);
}

async function inPool<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const item = items[next++];
      await run(item).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

// --- AWS Signature Version 4 (header form), as S3 documents it ---

export interface SignInput {
  method: string;
  /** Path already percent-encoded as it is sent (objectUrl does it). */
  url: URL;
  headers: Record<string, string>;
  payloadHash: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  now: Date;
}

/** The headers to send: the given ones plus x-amz-date, x-amz-content-sha256 and authorization. */
export function signRequest(input: SignInput): Record<string, string> {
  const amzDate = input.now.toISOString().replace(/[-:]|\.\d{3}/g, "");
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v])),
    "x-amz-content-sha256": input.payloadHash,
    "x-amz-date": amzDate,
  };
  const toSign: Record<string, string> = { ...headers, host: input.url.host };
  const names = Object.keys(toSign).sort();
  const signedHeaders = names.join(";");
  const canonicalRequest = [
    input.method,
    input.url.pathname,
    [...input.url.searchParams]
      .map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`)
      .sort()
      .join("&"),
    names.map((name) => `${name}:${toSign[name].trim().replace(/\s+/g, " ")}\n`).join(""),
    signedHeaders,
    input.payloadHash,
  ].join("\n");
  const scope = `${day}/${input.region}/s3/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  let key: Buffer = hmac(`AWS4${input.secretAccessKey}`, day);
  for (const part of [input.region, "s3", "aws4_request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`;
  return headers;
}

const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** RFC 3986 unreserved characters stay; everything else is %XX, as SigV4 requires. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
