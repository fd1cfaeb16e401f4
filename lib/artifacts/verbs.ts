import "server-only";
import { z } from "zod";
import { NotFound } from "@/lib/errors";
import { verb } from "@/lib/http/verb";
import { getDb } from "@/lib/infra/db";
import { artifactDeps } from "@/lib/artifacts/runtime";
import { removeArtifact } from "./remove";
import { getArtifact, markDeleted } from "./store";

/** Deleting a file an action or schedule made: admins only, audited (the row stays, marked deleted). */
export const deleteArtifactVerb = verb({
  action: "artifact.delete",
  permission: "artifacts.delete",
  input: z.strictObject({ artifactId: z.string().uuid("expected an artifact id") }),
  attempt: (raw) => ({
    params: { artifactId: String((raw as { artifactId?: unknown })?.artifactId ?? "").slice(0, 64) },
  }),
  audit: "wrapper",
  run: async (ctx, input) => {
    const db = await getDb();
    const a = await getArtifact(db, input.artifactId);
    if (!a || a.deletedAt)
      throw new NotFound(`no artifact "${input.artifactId}"${a?.deletedAt ? " (already deleted)" : ""}`);
    await removeArtifact(a, artifactDeps());
    await markDeleted(db, a.id, ctx.actor.name);
    return { deleted: a.name, service: a.serviceId };
  },
});
