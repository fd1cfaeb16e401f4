import "server-only";
import { audit } from "@/lib/audit/log";
import type { Actor } from "@/lib/audit/schemas";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { getRun } from "./queries";
import { actionService } from "./runtime";
import type { RunView } from "./schemas";

export interface RunAccess {
  /** What it takes to see the run's output and result: the permission its action required. */
  permission: Permission;
  /** A read action (query, Redis value, log search, Qdrant listing) or an exec: every look at its output is audited. */
  sensitive: boolean;
}

/**
 * The access rule of a run's output, from its action as declared now. A run whose action is no
 * longer declared is treated as a sensitive data read.
 */
export async function runAccess(run: Pick<RunView, "serviceId" | "actionId">): Promise<RunAccess> {
  if (!run.serviceId) return { permission: "data.read", sensitive: true };
  const found = await actionService().permissionFor(run.serviceId, run.actionId);
  if (!found.auditAs) return { permission: "data.read", sensitive: true };
  // A declared command's output can hold anything the container knows: treated as a read.
  return { permission: found.permission, sensitive: found.read === true || found.auditAs === "exec" };
}

export type RunReadVia = "api" | "page" | "stream";

/**
 * One run as this actor may see it. Without the permission its action required, output and
 * result are withheld (and `withheld` says why). The output of a read action is an audited read
 * wherever it leaves the server: the record is durable before the run is returned.
 */
export async function readRun(actor: Actor, id: string, via: RunReadVia): Promise<RunView> {
  const run = await getRun(id);
  const access = await runAccess(run);
  if (!can(actor.role as Role | undefined, access.permission))
    return {
      ...run,
      output: [],
      result: undefined,
      withheld: `the output needs the ${access.permission} permission, which the ${actor.role ?? "anonymous"} role does not have`,
    };
  if (access.sensitive)
    await audit({
      actor,
      action: "run.read",
      target: run.serviceId ?? undefined,
      runId: run.id,
      params: { via, kind: run.kind },
      outcome: "succeeded",
    });
  return run;
}
