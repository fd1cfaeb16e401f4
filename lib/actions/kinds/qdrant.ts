import "server-only";
import path from "node:path";
import { z } from "zod";
import { Validation } from "@/lib/errors";
import { createQdrantClient } from "@/lib/infra/qdrant";
import type { DeclaredAction } from "../schemas";
import type { ActionKind, ActionTarget } from "../types";
import {
  checkCollection,
  createSnapshot,
  downloadSnapshot,
  listCollections,
  listSnapshots,
  type OpContext,
} from "./qdrant-ops";
import { fileSafe, resolveDeclaredUrl } from "./support";

type QdrantDecl = Extract<DeclaredAction, { kind: "qdrant" }>;

const SNAPSHOT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,250}\.snapshot$/;

function qdrantParams(_target: ActionTarget, decl: QdrantDecl) {
  if (decl.operation !== "download-snapshot") return z.strictObject({});
  // Which names exist is only known by asking Qdrant, so the run checks the listing.
  return z.strictObject({
    snapshot: z
      .string()
      .regex(SNAPSHOT_NAME, "expected a snapshot name such as docs-123-2026-08-04-12-30-01.snapshot")
      .describe("Snapshot to download"),
  });
}
type QdrantParams = { snapshot?: string };

export const qdrantAction: ActionKind<QdrantDecl, QdrantParams> = {
  kind: "qdrant",
  title: "Qdrant",
  description: "List collections, create, list and download snapshots, or check a collection's schema.",
  targetKind: "service",
  permission: "actions.run.safe",
  confirm: "none",
  read: false,
  timeoutMs: 10 * 60_000,
  // Listing and downloading read data; creating snapshots or collections changes the server.
  policy: (decl) =>
    decl.operation === "create-snapshot" || decl.operation === "ensure-collection"
      ? { permission: "actions.run.safe", confirm: "confirm", read: false }
      : { permission: "data.read", confirm: "none", read: true },
  params: qdrantParams,
  describeTarget: (target, p, decl) =>
    `${target.service.id} (${decl.operation}${decl.collection ? ` ${decl.collection}` : ""}${p.snapshot ? ` ${p.snapshot}` : ""})`,
  async run({ target, decl, out, deps, signal }, p) {
    const client = createQdrantClient({
      url: resolveDeclaredUrl(decl.url, target),
      apiKey: decl.apiKey,
      signal,
      // Until response headers: a waited snapshot of a big collection can take minutes.
      timeoutMs: decl.timeout ?? qdrantAction.timeoutMs,
    });
    const ctx: OpContext = { client, out, signal };
    if (decl.operation === "list-collections") return listCollections(ctx);
    const collection = decl.collection;
    if (!collection) throw new Validation(`declaration collection: ${decl.operation} needs a collection`);
    switch (decl.operation) {
      case "create-snapshot":
        return createSnapshot(ctx, collection);
      case "list-snapshots":
        return listSnapshots(ctx, collection);
      case "download-snapshot": {
        if (!p.snapshot) throw new Validation("params.snapshot: required");
        const folder = path.join(deps.dataDir, "qdrant", fileSafe(target.service.id));
        return downloadSnapshot(ctx, collection, p.snapshot, folder);
      }
      case "check-collection":
      case "ensure-collection": {
        if (!decl.schema)
          throw new Validation(`declaration schema: ${decl.operation} needs schema.size and schema.distance`);
        return checkCollection(ctx, collection, decl.schema, decl.operation === "ensure-collection");
      }
    }
  },
};
