import "server-only";
import type { Actor } from "@/lib/audit/schemas";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/infra/db";
import { artifactPermission } from "./download";
import { listArtifacts, type ArtifactView } from "./store";

export interface ArtifactRow extends ArtifactView {
  /** Whether this reader may download it (the permission of the action that made it). */
  downloadable: boolean;
  /** Why not, when not. */
  needs?: string;
}

/** Artifacts, newest first, with what this reader may do with each. */
export async function artifactsFor(
  actor: Pick<Actor, "role">,
  filter: { serviceId?: string; scheduleId?: string; includeDeleted?: boolean } = {},
): Promise<ArtifactRow[]> {
  const rows = await listArtifacts(await getDb(), { ...filter, limit: 500 });
  const permissions = new Map<string, Awaited<ReturnType<typeof artifactPermission>>>();
  return Promise.all(
    rows.map(async (a) => {
      const key = a.actionRunId ?? "";
      if (!permissions.has(key)) permissions.set(key, await artifactPermission(a));
      const needed = permissions.get(key)!;
      const ok = can(actor.role as Role | undefined, needed) && a.location !== "qdrant" && !a.deletedAt;
      return {
        ...a,
        downloadable: ok,
        ...(ok ? {} : { needs: a.location === "qdrant" ? "kept by Qdrant" : needed }),
      };
    }),
  );
}
