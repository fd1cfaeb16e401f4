import "server-only";
import { rm } from "node:fs/promises";
import path from "node:path";
import type { DeclaredAction } from "@/lib/actions/schemas";
import type { DockerGateway } from "@/lib/infra/docker";
import type { Catalog } from "@/lib/catalog/types";
import { createQdrantClient } from "@/lib/infra/qdrant";
import { resolveDeclaredUrl } from "@/lib/actions/kinds/support";
import { NotFound } from "@/lib/errors";
import type { ArtifactView } from "./store";

export interface RemoveDeps {
  docker: DockerGateway;
  /** The console's actions folder: no file outside it is ever deleted. */
  actionsDir: string;
  catalog: () => Catalog | null | Promise<Catalog | null>;
  /** The action that made the artifact, to find a Qdrant server's address again. */
  actionOf: (actionRunId: string) => Promise<{ serviceId: string | null; actionId: string } | null>;
}

/** Deletes the artifact where it lives. A file already gone counts as deleted. */
export async function removeArtifact(a: ArtifactView, deps: RemoveDeps): Promise<void> {
  if (a.location === "file") {
    await rm(await servedFile(a, deps), { force: true });
    return;
  }
  if (a.location === "volume") {
    const [where, container] = a.path.split("@");
    const inVolume = where!.slice(where!.indexOf(":") + 1);
    if (!container) throw new Error(`${a.name}: no container recorded to delete it from`);
    const r = await deps.docker.execInContainer(container, ["rm", "-f", "--", inVolume], {
      timeoutMs: 30_000,
      signal: AbortSignal.timeout(30_000),
    });
    if (r.exitCode !== 0)
      throw new Error(`rm in ${container} exited with code ${r.exitCode}: ${r.stderr.trim()}`);
    return;
  }
  // A Qdrant snapshot: through the API of the server the action that made it names.
  const origin = await producer(a, deps);
  const decl = origin?.decl;
  if (!origin || decl?.kind !== "qdrant")
    throw new Error(`${a.name}: the Qdrant action that made it is no longer declared`);
  const collection = a.path.slice(0, a.path.indexOf("/"));
  const url = resolveDeclaredUrl(decl.url, { service: origin.service, stackName: origin.service.stackId });
  const client = createQdrantClient({ url, apiKey: decl.apiKey, timeoutMs: 60_000 });
  await client.deleteSnapshot(collection, a.name, { wait: true });
}

/** The declared action that made the artifact, as the configuration says now. */
async function producer(a: ArtifactView, deps: RemoveDeps) {
  const origin = a.actionRunId ? await deps.actionOf(a.actionRunId) : null;
  const service = (await deps.catalog())?.services.find((s) => s.id === (origin?.serviceId ?? a.serviceId));
  const decl = service?.actions.find((d) => d.id === origin?.actionId);
  return service && decl ? { service, decl: decl as DeclaredAction } : null;
}

/**
 * The artifact's file, only when it lies inside the console's actions folder or the folder the
 * producing backup declares: whatever a row says, no other file is ever served or deleted.
 */
export async function servedFile(a: ArtifactView, deps: RemoveDeps): Promise<string> {
  const file = path.resolve(a.path);
  const roots = [deps.actionsDir, ...(await declaredFolders(a, deps))].map((r) => path.resolve(r) + path.sep);
  if (!roots.some((root) => file.startsWith(root)))
    throw new NotFound(`${a.name} is outside the console's actions folder and the backup's declared folder`);
  return file;
}

async function declaredFolders(a: ArtifactView, deps: RemoveDeps): Promise<string[]> {
  const decl = (await producer(a, deps))?.decl;
  return decl?.kind === "postgres.backup" && "folder" in decl.destination ? [decl.destination.folder] : [];
}
