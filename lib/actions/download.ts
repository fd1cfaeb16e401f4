import "server-only";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { audit } from "@/lib/audit/log";
import type { Actor } from "@/lib/audit/schemas";
import { auditRefusal } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { Forbidden, NotFound } from "@/lib/errors";
import { env } from "@/lib/infra/env";
import { getRun } from "./queries";
import { runAccess } from "./read-run";

/**
 * The file a run produced (a downloaded Qdrant snapshot), byte for byte, to the browser. Only
 * files inside the console's actions folder are served, whatever a run row says, and each
 * download is recorded in the audit log before a byte is sent.
 */
export async function runArtifact(actor: Actor, runId: string) {
  const run = await getRun(runId);
  // Like the run's output: only for those with the permission its action required.
  const access = await runAccess(run);
  if (!can(actor.role as Role | undefined, access.permission)) {
    const error = new Forbidden(
      `this file needs the ${access.permission} permission, which the ${actor.role ?? "anonymous"} role does not have`,
    );
    auditRefusal(actor, { action: `${run.kind}.download`, target: run.target, params: { runId } }, error);
    throw error;
  }
  const result = (run.result ?? {}) as { file?: unknown; sha256?: unknown };
  if (run.status !== "succeeded" || typeof result.file !== "string")
    throw new NotFound(`run ${runId} produced no file to download`);
  const root = path.join(env().dataDir, "actions") + path.sep;
  const file = path.resolve(result.file);
  if (!file.startsWith(root)) throw new NotFound(`run ${runId}'s file is not served by the console`);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new NotFound(`the file of run ${runId} is no longer there`);
  await audit({
    actor,
    action: `${run.kind}.download`,
    target: run.target,
    params: { runId, file: path.basename(file), bytes: info.size },
    outcome: "succeeded",
    runId,
  });
  return {
    body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
    filename: path.basename(file),
    size: info.size,
    sha256: typeof result.sha256 === "string" ? result.sha256 : undefined,
  };
}
