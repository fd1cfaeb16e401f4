import "server-only";
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { z } from "zod";
import { NotFound } from "@/lib/errors";
import type { CollectionInfo, QdrantClient } from "@/lib/infra/qdrant";
import type { OutputSink } from "../types";
import { fileSafe } from "./support";

/** The operations of the qdrant kind, each over the plain-fetch client (binary-safe downloads). */

export interface OpContext {
  client: QdrantClient;
  out: OutputSink;
  signal: AbortSignal;
}

export async function listCollections({ client, out }: OpContext) {
  const names = await client.listCollections();
  const collections = [];
  for (const name of names) {
    const info = await client.getCollection(name);
    collections.push({ name, points_count: info?.points_count ?? null, status: info?.status ?? "missing" });
    out.line(`${name}: ${info?.points_count ?? "?"} points, ${info?.status ?? "gone"}`, "out");
  }
  out.line(`${names.length} collection(s)`, "info");
  return { collections };
}

export async function createSnapshot({ client, out }: OpContext, collection: string) {
  out.line(`creating a snapshot of ${collection}`, "info");
  const s = await client.createSnapshot(collection, { wait: true });
  out.line(`created ${s.name} (${s.size} bytes${s.checksum ? `, sha256 ${s.checksum}` : ""})`, "out");
  return { collection, name: s.name, size: s.size, checksum: s.checksum ?? null };
}

export async function listSnapshots({ client, out }: OpContext, collection: string) {
  const snapshots = await client.listSnapshots(collection);
  for (const s of snapshots)
    out.line(`${s.name}  ${s.size} bytes  ${s.creation_time ?? ""}`.trimEnd(), "out");
  out.line(`${snapshots.length} snapshot(s) of ${collection}`, "info");
  return {
    collection,
    snapshots: snapshots.map((s) => ({
      name: s.name,
      size: s.size,
      checksum: s.checksum ?? null,
      creation_time: s.creation_time ?? null,
    })),
  };
}

/**
 * Streams the snapshot to `<dataDir>/qdrant/<service>/<name>` as raw bytes, hashing on the way;
 * the name must be one the server lists now, and a listed checksum must match what arrived.
 */
export async function downloadSnapshot(
  { client, out, signal }: OpContext,
  collection: string,
  snapshot: string,
  folder: string,
) {
  const listed = (await client.listSnapshots(collection)).find((s) => s.name === snapshot);
  if (!listed) throw new NotFound(`snapshot ${snapshot} is not one of ${collection}'s snapshots`);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const file = path.join(folder, fileSafe(snapshot));
  const partial = `${file}.partial`;
  const download = await client.downloadSnapshot(collection, snapshot);
  const total = download.contentLength ?? listed.size;
  const hash = createHash("sha256");
  let bytes = 0;
  let reported = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      // A progress event per ~1% keeps the output stream quiet for big snapshots.
      if (total && bytes - reported >= total / 100) {
        reported = bytes;
        out.progress(bytes, total);
      }
      done(null, chunk);
    },
  });
  out.line(`downloading ${snapshot} (${total} bytes) to ${file}`, "info");
  try {
    const body = Readable.fromWeb(download.body as NodeReadableStream<Uint8Array>);
    await pipeline(body, meter, createWriteStream(partial, { mode: 0o600 }), { signal });
    const sha256 = hash.digest("hex");
    if (listed.checksum && listed.checksum !== sha256)
      throw new Error(`downloaded ${bytes} bytes with sha256 ${sha256}, but Qdrant lists ${listed.checksum}`);
    await rename(partial, file);
    out.progress(bytes, bytes);
    out.line(
      `saved ${file}: ${bytes} bytes, sha256 ${sha256}${listed.checksum ? " (matches Qdrant's checksum)" : ""}`,
      "info",
    );
    return { collection, snapshot, file, bytes, sha256, checksumVerified: Boolean(listed.checksum) };
  } finally {
    await rm(partial, { force: true });
  }
}

const vectorParams = z.looseObject({ size: z.number(), distance: z.string() });

/** The collection's single unnamed vector config, or a description of what it has instead. */
export function vectorsOf(info: CollectionInfo): { size: number; distance: string } | string {
  const vectors = (info.config.params as { vectors?: unknown } | undefined)?.vectors;
  const single = vectorParams.safeParse(vectors);
  if (single.success) return { size: single.data.size, distance: single.data.distance };
  if (vectors && typeof vectors === "object") return `named vectors (${Object.keys(vectors).join(", ")})`;
  return "no vector configuration";
}

export interface Schema {
  size: number;
  distance: string;
}

/** Compares the collection with the declared schema; creates it first when `create` and it is missing. */
export async function checkCollection(
  { client, out }: OpContext,
  collection: string,
  schema: Schema,
  create: boolean,
) {
  let info = await client.getCollection(collection);
  let created = false;
  if (!info && create) {
    out.line(`creating ${collection} with ${schema.size}-dimensional ${schema.distance} vectors`, "info");
    await client.createCollection(collection, schema);
    created = true;
    info = await client.getCollection(collection);
  }
  if (!info) throw new NotFound(`collection ${collection} does not exist`);
  const actual = vectorsOf(info);
  const problems =
    typeof actual === "string"
      ? [`it has ${actual}, expected one vector of size ${schema.size}`]
      : [
          ...(actual.size !== schema.size ? [`vector size is ${actual.size}, expected ${schema.size}`] : []),
          ...(actual.distance !== schema.distance
            ? [`distance is ${actual.distance}, expected ${schema.distance}`]
            : []),
        ];
  if (problems.length) {
    for (const p of problems) out.line(`${collection}: ${p}`, "err");
    throw new Error(`collection ${collection} does not match the declared schema: ${problems.join("; ")}`);
  }
  out.line(
    `${collection}${created ? " (created)" : ""} matches: ${schema.size} dimensions, ${schema.distance}`,
    "out",
  );
  return { collection, created, matches: true, vectors: actual, points_count: info.points_count ?? null };
}
