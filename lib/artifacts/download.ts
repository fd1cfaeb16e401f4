import "server-only";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { runAccess } from "@/lib/actions/read-run";
import { audit } from "@/lib/audit/log";
import type { Actor } from "@/lib/audit/schemas";
import { auditRefusal } from "@/lib/auth/access";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { NotFound, Forbidden } from "@/lib/errors";
import { getDb } from "@/lib/infra/db";
import { servedFile, type RemoveDeps } from "./remove";
import { getArtifact, type ArtifactView } from "./store";

/** What downloading an artifact takes: the permission the action that made it requires (a dump holds the data). */
export async function artifactPermission(a: ArtifactView): Promise<Permission> {
  if (!a.actionRunId) return "data.read";
  const run = await (
    await getDb()
  ).actionRun.findUnique({
    where: { id: a.actionRunId },
    select: { serviceId: true, actionId: true },
  });
  return run ? (await runAccess(run)).permission : "data.read";
}

/**
 * An artifact's bytes for the browser. Permission first (refusals audited), then the download
 * is recorded in the audit log before a byte is sent. Files in the console's folders are
 * streamed; dumps inside a volume come out through the engine's archive API.
 */
export async function downloadArtifact(actor: Actor, id: string, deps: RemoveDeps) {
  const a = await getArtifact(await getDb(), id);
  if (!a || a.deletedAt) throw new NotFound(`no artifact "${id}"${a?.deletedAt ? " (it was deleted)" : ""}`);
  const permission = await artifactPermission(a);
  const attempt = {
    action: "artifact.download",
    target: a.serviceId,
    params: { artifactId: a.id, name: a.name },
  };
  if (!can(actor.role as Role | undefined, permission)) {
    const error = new Forbidden(
      `this file needs the ${permission} permission, which the ${actor.role ?? "anonymous"} role does not have`,
    );
    auditRefusal(actor, attempt, error);
    throw error;
  }
  const { body, size } = await openArtifact(a, deps);
  await audit({
    ...attempt,
    actor,
    params: { ...attempt.params, bytes: size ?? null },
    outcome: "succeeded",
  });
  return { body, filename: a.name, size, sha256: a.sha256 };
}

/** The artifact's bytes where it lives: a file in a served folder, or one file out of a volume. */
export async function openArtifact(
  a: ArtifactView,
  deps: RemoveDeps,
): Promise<{ body: ReadableStream<Uint8Array>; size: number | undefined }> {
  if (a.location === "qdrant")
    throw new NotFound(
      `${a.name} is kept by the Qdrant server: download it with the service's download-snapshot action`,
    );
  if (a.location === "file") {
    const file = await servedFile(a, deps);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new NotFound(`${a.name} is no longer there`);
    return { body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, size: info.size };
  }
  const [where, container] = a.path.split("@");
  const inVolume = where!.slice(where!.indexOf(":") + 1);
  if (!container) throw new NotFound(`${a.name}: no container recorded to read it from`);
  const archive = await deps.docker.archiveFile(container, inVolume).catch(() => null);
  if (!archive) throw new NotFound(`${a.name} could not be read from ${container} (is it running?)`);
  return { body: firstFileOfTar(archive), size: a.bytes ?? undefined };
}

/** The content of the first file in a tar stream (the archive API wraps the one file asked for). */
function firstFileOfTar(tar: NodeJS.ReadableStream): ReadableStream<Uint8Array> {
  let header = Buffer.alloc(0);
  let remaining = -1;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      tar.on("data", (chunk: Buffer) => {
        if (remaining === 0) return;
        if (remaining < 0) {
          header = Buffer.concat([header, chunk]);
          if (header.length < 512) return;
          remaining = parseInt(
            header.subarray(124, 136).toString("ascii").replace(/\0.*$/, "").trim() || "0",
            8,
          );
          chunk = header.subarray(512);
        }
        const part = chunk.subarray(0, remaining);
        remaining -= part.length;
        if (part.length) controller.enqueue(new Uint8Array(part));
        if (remaining === 0) controller.close();
      });
      tar.on("end", () => remaining !== 0 && controller.error(new Error("the archive ended early")));
      tar.on("error", (e) => controller.error(e));
    },
  });
}
