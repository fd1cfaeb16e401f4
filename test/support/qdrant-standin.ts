import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A test-only Qdrant 1.19 stand-in following shared/contracts/README.md §8: exact health
 * strings, auth whitelist, JSON envelope, 202 for wait=false, binary snapshots with checksums.
 */

export type CollectionStatus = "green" | "yellow" | "grey" | "red";

export interface StandinCollection {
  pointsCount: number;
  vectorSize: number;
  distance: "Cosine" | "Euclid" | "Dot" | "Manhattan";
  status: CollectionStatus;
  segmentsCount: number;
  /** Set to report `optimizer_status: {error}` instead of "ok". */
  optimizerError?: string;
}

export interface QdrantStandinOptions {
  /** Read-write key; with neither key set every request has full access, like Qdrant. */
  apiKey?: string;
  readOnlyApiKey?: string;
  collections?: Record<string, Partial<StandinCollection>>;
  /** Bytes in each snapshot file (random, always starting with invalid UTF-8). */
  snapshotSize?: number;
  /** How long a wait=false create/delete takes to land. */
  asyncDelayMs?: number;
  /** Fixed port (e2e config names it); default: any free port. */
  port?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
}

export interface QdrantStandin {
  url: string;
  close(): Promise<void>;
  setReady(ready: boolean): void;
  setCollection(name: string, collection?: Partial<StandinCollection>): void;
  removeCollection(name: string): void;
  /** The bytes a collection snapshot serves (to compare downloads with), or undefined. */
  snapshotBytes(collection: string, name: string): Buffer | undefined;
  /** Every request received, oldest first (for asserting headers such as `api-key`). */
  requests: RecordedRequest[];
}

interface Snapshot {
  bytes: Buffer;
  checksum: string;
  creationTime: string;
}

const PEER_ID = 5125389493217433;
/** Guarantees the body is not valid UTF-8, so a client that calls .text() corrupts it. */
const NON_UTF8_PREFIX = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x41, 0x0a, 0xc3]);
const PLAIN = "text/plain; charset=utf-8";

const defaults = (c: Partial<StandinCollection> = {}): StandinCollection => ({
  pointsCount: 0,
  vectorSize: 4,
  distance: "Cosine",
  status: "green",
  segmentsCount: 2,
  ...c,
});

function collectionInfo(c: StandinCollection) {
  return {
    status: c.status,
    optimizer_status: c.optimizerError ? { error: c.optimizerError } : "ok",
    indexed_vectors_count: 0,
    points_count: c.pointsCount,
    segments_count: c.segmentsCount,
    config: {
      params: {
        vectors: { size: c.vectorSize, distance: c.distance },
        shard_number: 1,
        replication_factor: 1,
        write_consistency_factor: 1,
        on_disk_payload: true,
      },
      hnsw_config: {
        m: 16,
        ef_construct: 100,
        full_scan_threshold: 10000,
        max_indexing_threads: 0,
        on_disk: false,
      },
      optimizer_config: {
        deleted_threshold: 0.2,
        vacuum_min_vector_number: 1000,
        default_segment_number: 0,
        max_segment_size: null,
        memmap_threshold: null,
        indexing_threshold: 10000,
        flush_interval_sec: 5,
        max_optimization_threads: null,
      },
      wal_config: { wal_capacity_mb: 32, wal_segments_ahead: 0, wal_retain_closed: 1 },
      quantization_config: null,
      strict_mode_config: { enabled: false },
    },
    payload_schema: {},
    update_queue: { length: 0 },
  };
}

const snapshotDescription = (name: string, s: Snapshot) => ({
  name,
  creation_time: s.creationTime,
  size: s.bytes.length,
  checksum: s.checksum,
});

export async function startQdrantStandin(opts: QdrantStandinOptions = {}): Promise<QdrantStandin> {
  let ready = true;
  const collections = new Map(Object.entries(opts.collections ?? {}).map(([n, c]) => [n, defaults(c)]));
  const collectionSnapshots = new Map<string, Map<string, Snapshot>>();
  const fullSnapshots = new Map<string, Snapshot>();
  const timers = new Set<NodeJS.Timeout>();
  const requests: RecordedRequest[] = [];
  const authEnabled = Boolean(opts.apiKey || opts.readOnlyApiKey);
  // Names carry second resolution; a virtual clock keeps two snapshots in one second apart.
  let lastStamp = 0;

  function makeSnapshot(): Snapshot & { stamp: string } {
    const now = Math.max(Math.floor(Date.now() / 1000) * 1000, lastStamp + 1000);
    lastStamp = now;
    const iso = new Date(now).toISOString().slice(0, 19);
    const bytes = Buffer.concat([
      NON_UTF8_PREFIX,
      randomBytes(Math.max(0, (opts.snapshotSize ?? 200_000) - NON_UTF8_PREFIX.length)),
    ]);
    return {
      bytes,
      checksum: createHash("sha256").update(bytes).digest("hex"),
      creationTime: iso,
      stamp: iso.replace("T", "-").replaceAll(":", "-"),
    };
  }

  function later(fn: () => void) {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, opts.asyncDelayMs ?? 50);
    timers.add(t);
  }

  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9 + 1e-7;
    const url = new URL(req.url ?? "/", "http://standin");
    // Qdrant trims trailing slashes (NormalizePath::trim).
    const path = url.pathname.replace(/\/+$/, "") || "/";
    requests.push({ method: req.method ?? "GET", path, headers: req.headers });
    const wait = url.searchParams.get("wait") !== "false";

    const text = (status: number, body: string) => {
      res.writeHead(status, { "content-type": PLAIN, "content-length": Buffer.byteLength(body) });
      res.end(body);
    };
    const json = (status: number, body: object) => {
      const raw = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(raw) });
      res.end(raw);
    };
    const ok = (result: unknown) => json(200, { result, status: "ok", time: elapsed() });
    /** wait=false: answer 202 now, do the work shortly after (contract §2). */
    const detached = (work: () => void) => {
      later(work);
      return json(202, { status: "accepted", time: elapsed() });
    };
    const fail = (status: number, error: string) => json(status, { status: { error }, time: elapsed() });
    const download = (name: string, s: Snapshot) => {
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": s.bytes.length,
        "content-disposition": `attachment; filename="${name}"`,
        etag: `"${s.checksum.slice(0, 16)}"`,
      });
      res.end(s.bytes);
    };

    const whitelisted =
      path === "/" || path === "/healthz" || path.startsWith("/readyz") || path.startsWith("/livez");
    let readOnly = false;
    if (authEnabled && !whitelisted) {
      const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
      const key = (req.headers["api-key"] as string | undefined) ?? bearer;
      if (!key) return text(401, "Must provide an API key or an Authorization bearer token");
      if (key !== opts.apiKey && key !== opts.readOnlyApiKey) return text(401, "Invalid API key or JWT");
      readOnly = key !== opts.apiKey;
    }

    const m = req.method;
    if (m === "GET" && (path === "/healthz" || path === "/livez")) return text(200, "healthz check passed");
    if (m === "GET" && path === "/readyz")
      return ready ? text(200, "all shards are ready") : text(503, "some shards are not ready");
    if (m === "GET" && path === "/")
      return json(200, { title: "qdrant - vector search engine", version: "1.19.0" });
    if (m === "GET" && path === "/collections")
      return ok({ collections: [...collections.keys()].map((name) => ({ name })) });

    /** One snapshot family (a collection's, or full storage): list, create, download, delete. */
    const snapshots = (
      store: Map<string, Snapshot>,
      snap: string | undefined,
      prefix: string,
      denied: string,
    ) => {
      if (m === "GET" && !snap) return ok([...store].map(([n, s]) => snapshotDescription(n, s)));
      const file = snap ? store.get(snap) : undefined;
      if (m === "GET")
        return file ? download(snap!, file) : text(404, `Not found: Snapshot ${snap} not found`);
      if (readOnly && (m === "POST" || m === "DELETE")) return fail(403, denied);
      const create = () => {
        const s = makeSnapshot();
        store.set(`${prefix}-${s.stamp}.snapshot`, s);
        return snapshotDescription(`${prefix}-${s.stamp}.snapshot`, s);
      };
      const remove = () => store.delete(snap!);
      if (m === "POST" && !snap) return wait ? ok(create()) : detached(create);
      // A detached delete reports nothing; a waited one names the missing snapshot.
      if (m === "DELETE" && snap) {
        if (!wait) return detached(remove);
        return remove() ? ok(true) : fail(404, `Not found: Snapshot ${snap} not found`);
      }
      return text(404, "");
    };

    const seg = path.split("/").slice(1).map(decodeURIComponent);
    if (seg[0] === "snapshots" && seg.length <= 2) {
      return snapshots(fullSnapshots, seg[1], "full-snapshot", "Forbidden: Global manage access is required");
    }
    if (seg[0] === "collections" && seg[1] && seg.length <= 4) {
      const [, name, sub, snap] = seg;
      const c = collections.get(name);
      const missing = `Not found: Collection \`${name}\` doesn't exist!`;
      if (m === "PUT" && !sub) return createCollection(name, c !== undefined);
      if (m === "GET" && sub === "exists" && !snap) return ok({ exists: Boolean(c) });
      // Download errors are actix errors: plain text, not the envelope (contract §6).
      if (!c) return m === "GET" && sub === "snapshots" && snap ? text(404, missing) : fail(404, missing);
      if (m === "GET" && !sub) return ok(collectionInfo(c));
      if (sub === "snapshots") {
        const store = collectionSnapshots.get(name) ?? new Map<string, Snapshot>();
        collectionSnapshots.set(name, store);
        const denied = `Forbidden: Write access to collection ${name} is required`;
        return snapshots(store, snap, `${name}-${PEER_ID}`, denied);
      }
    }
    // actix answers unknown routes with an empty 404.
    return text(404, "");

    /** PUT /collections/{name} (create_collection) with one unnamed dense vector config. */
    function createCollection(name: string, exists: boolean) {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        if (readOnly) return fail(403, "Forbidden: Global manage access is required");
        if (exists) return fail(409, `Wrong input: Collection \`${name}\` already exists!`);
        let v: { size?: unknown; distance?: unknown } = {};
        try {
          v = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { vectors?: typeof v }).vectors ?? {};
        } catch {
          return fail(400, "Format error in JSON body: expected a JSON object");
        }
        const size = Number.isInteger(v.size) && (v.size as number) >= 1 ? (v.size as number) : null;
        const distance = ["Cosine", "Euclid", "Dot", "Manhattan"].find((d) => d === v.distance);
        if (!size || !distance)
          return fail(
            400,
            "Validation error in JSON body: [vectors: expected size >= 1 and a known distance]",
          );
        collections.set(
          name,
          defaults({ vectorSize: size, distance: distance as StandinCollection["distance"] }),
        );
        ok(true);
      });
    }
  });

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setReady: (value) => {
      ready = value;
    },
    setCollection: (name, c) => {
      collections.set(name, defaults({ ...collections.get(name), ...c }));
    },
    removeCollection: (name) => {
      collections.delete(name);
    },
    snapshotBytes: (collection, name) => collectionSnapshots.get(collection)?.get(name)?.bytes,
    close: () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
