import "server-only";
import { z } from "zod";

/**
 * Plain-fetch Qdrant client. Not @qdrant/js-client-rest: that client decodes snapshot
 * downloads as UTF-8 and throws on the 202 of wait=false (shared/contracts/README.md §7).
 */

export interface QdrantClientOptions {
  url: string;
  apiKey?: string;
  /** Per request, until response headers arrive (a download then streams without it). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** How often and how long createSnapshot({wait:false}) polls the listing. */
  pollIntervalMs?: number;
  pollTimeoutMs?: number;
}

export type QdrantErrorKind = "http" | "timeout" | "aborted" | "network" | "protocol";

/** A failed Qdrant call. `message` quotes the server's error but never the API key. */
export class QdrantError extends Error {
  constructor(
    message: string,
    readonly kind: QdrantErrorKind,
    /** HTTP status, or null when no response arrived. */
    readonly status: number | null,
    /** The server's own message (plain-text body or envelope `status.error`). */
    readonly serverMessage?: string,
  ) {
    super(message);
    this.name = "QdrantError";
  }
}

export const snapshotDescriptionSchema = z.looseObject({
  name: z.string(),
  creation_time: z.string().nullable().optional(),
  size: z.number(),
  checksum: z.string().nullable().optional(),
});
export type SnapshotDescription = z.output<typeof snapshotDescriptionSchema>;

export const collectionInfoSchema = z.looseObject({
  status: z.enum(["green", "yellow", "grey", "red"]),
  optimizer_status: z.union([z.literal("ok"), z.looseObject({ error: z.string() })]),
  points_count: z.number().nullable().optional(),
  indexed_vectors_count: z.number().nullable().optional(),
  segments_count: z.number(),
  config: z.record(z.string(), z.unknown()),
  payload_schema: z.record(z.string(), z.unknown()),
});
export type CollectionInfo = z.output<typeof collectionInfoSchema>;

export interface SnapshotDownload {
  /** Raw bytes, never decoded: snapshots are tar archives. */
  body: ReadableStream<Uint8Array>;
  contentLength: number | null;
}

export interface QdrantClient {
  /** 200 means ready; 503 (`some shards are not ready`) is an answer, not an error. */
  readyz(): Promise<{ ready: boolean; status: number; message: string }>;
  healthz(): Promise<string>;
  listCollections(): Promise<string[]>;
  /** null when the collection does not exist. */
  getCollection(name: string): Promise<CollectionInfo | null>;
  collectionExists(name: string): Promise<boolean>;
  listSnapshots(collection: string): Promise<SnapshotDescription[]>;
  /** With wait=false the server answers 202 without a name, so the new snapshot is found by polling the list. */
  createSnapshot(collection: string, opts?: { wait?: boolean }): Promise<SnapshotDescription>;
  downloadSnapshot(collection: string, snapshot: string): Promise<SnapshotDownload>;
  /** Resolves true when deleted (wait=true) or accepted (wait=false). */
  deleteSnapshot(collection: string, snapshot: string, opts?: { wait?: boolean }): Promise<boolean>;
  /** PUT /collections/{name} with one unnamed dense vector; 409 when it already exists. */
  createCollection(name: string, vectors: { size: number; distance: string }): Promise<boolean>;
}

const seg = encodeURIComponent;

export function createQdrantClient(opts: QdrantClientOptions): QdrantClient {
  const base = opts.url.replace(/\/+$/, "");
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const redact = (text: string) => (opts.apiKey ? text.replaceAll(opts.apiKey, "***") : text);

  /** Runs one request; `read` consumes the response inside the timeout unless the body is streamed. */
  async function send<T>(
    method: string,
    path: string,
    read: (res: Response) => Promise<T>,
    stream = false,
    body?: unknown,
  ) {
    const what = `Qdrant ${method} ${path.split("?")[0]}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, controller.signal]) : controller.signal;
    const headers: Record<string, string> = { accept: "application/json" };
    if (opts.apiKey) headers["api-key"] = opts.apiKey;
    if (body !== undefined) headers["content-type"] = "application/json";
    try {
      const res = await fetch(`${base}${path}`, {
        method,
        headers,
        signal,
        redirect: "error",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (stream) clearTimeout(timer);
      if (!res.ok && res.status !== 503) throw await failure(res, what);
      return await read(res);
    } catch (err) {
      if (err instanceof QdrantError) throw err;
      // A caller's AbortSignal.timeout() is a timeout too, not a cancellation.
      const callerTimedOut = (opts.signal?.reason as Error | undefined)?.name === "TimeoutError";
      if (opts.signal?.aborted && !callerTimedOut) throw new QdrantError(`${what}: aborted`, "aborted", null);
      if (controller.signal.aborted || callerTimedOut) {
        throw new QdrantError(`${what}: timed out after ${timeoutMs}ms`, "timeout", null);
      }
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
      throw new QdrantError(redact(`${what}: ${cause}`), "network", null);
    } finally {
      clearTimeout(timer);
    }
  }

  async function failure(res: Response, what: string): Promise<QdrantError> {
    const raw = (await res.text().catch(() => "")).slice(0, 2000);
    let serverMessage = raw;
    try {
      const parsed: unknown = JSON.parse(raw);
      const error = (parsed as { status?: { error?: unknown } })?.status?.error;
      if (typeof error === "string") serverMessage = error;
    } catch {
      // Auth failures and download errors are plain text, not the envelope.
    }
    serverMessage = redact(serverMessage.trim()).slice(0, 500);
    const suffix = serverMessage ? ` ${serverMessage}` : "";
    return new QdrantError(`${what}: HTTP ${res.status}${suffix}`, "http", res.status, serverMessage);
  }

  /** Returns the envelope's `result` (200) or undefined (202 accepted). */
  function call<T>(
    method: string,
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
  ): Promise<T | undefined> {
    const what = `Qdrant ${method} ${path.split("?")[0]}`;
    return send(
      method,
      path,
      async (res) => {
        if (res.status === 202) {
          await res.body?.cancel();
          return undefined;
        }
        if (res.status !== 200) throw await failure(res, what);
        const json: unknown = await res.json().catch(() => undefined);
        const parsed = z.object({ result: schema }).safeParse(json);
        if (!parsed.success) throw new QdrantError(`${what}: unexpected response body`, "protocol", 200);
        return parsed.data.result;
      },
      false,
      body,
    );
  }

  const plain = (path: string) =>
    send("GET", path, async (res) => ({ status: res.status, text: (await res.text()).trim() }));

  const snapshotsPath = (c: string) => `/collections/${seg(c)}/snapshots`;
  const list = async (c: string) =>
    (await call("GET", snapshotsPath(c), z.array(snapshotDescriptionSchema))) ?? [];

  return {
    async readyz() {
      const { status, text } = await plain("/readyz");
      return { ready: status === 200, status, message: text };
    },
    async healthz() {
      return (await plain("/healthz")).text;
    },
    async listCollections() {
      const result = await call(
        "GET",
        "/collections",
        z.object({ collections: z.array(z.object({ name: z.string() })) }),
      );
      return (result?.collections ?? []).map((c) => c.name);
    },
    async getCollection(name) {
      try {
        return (await call("GET", `/collections/${seg(name)}`, collectionInfoSchema)) ?? null;
      } catch (err) {
        if (err instanceof QdrantError && err.status === 404) return null;
        throw err;
      }
    },
    async collectionExists(name) {
      const result = await call("GET", `/collections/${seg(name)}/exists`, z.object({ exists: z.boolean() }));
      return result?.exists ?? false;
    },
    listSnapshots: list,
    async createSnapshot(collection, { wait = true } = {}) {
      const before = wait ? new Set<string>() : new Set((await list(collection)).map((s) => s.name));
      const created = await call(
        "POST",
        `${snapshotsPath(collection)}?wait=${wait}`,
        snapshotDescriptionSchema,
      );
      if (created) return created;
      const deadline = Date.now() + (opts.pollTimeoutMs ?? 60_000);
      while (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, opts.pollIntervalMs ?? 100));
        if (opts.signal?.aborted)
          throw new QdrantError(`Qdrant snapshot of ${collection}: aborted`, "aborted", null);
        const fresh = (await list(collection)).find((s) => !before.has(s.name));
        if (fresh) return fresh;
      }
      throw new QdrantError(
        `Qdrant snapshot of ${collection}: accepted but not listed in time`,
        "timeout",
        null,
      );
    },
    async downloadSnapshot(collection, snapshot) {
      const path = `${snapshotsPath(collection)}/${seg(snapshot)}`;
      return send(
        "GET",
        path,
        async (res) => {
          if (res.status !== 200 || !res.body) throw await failure(res, `Qdrant GET ${path}`);
          const length = Number(res.headers.get("content-length"));
          return { body: res.body, contentLength: Number.isFinite(length) && length > 0 ? length : null };
        },
        true,
      );
    },
    async deleteSnapshot(collection, snapshot, { wait = true } = {}) {
      const path = `${snapshotsPath(collection)}/${seg(snapshot)}?wait=${wait}`;
      return (await call("DELETE", path, z.boolean())) ?? true;
    },
    async createCollection(name, vectors) {
      return (await call("PUT", `/collections/${seg(name)}`, z.boolean(), { vectors })) ?? true;
    },
  };
}
