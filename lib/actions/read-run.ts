import "server-only";
import { audit } from "@/lib/audit/log";
import type { Actor } from "@/lib/audit/schemas";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { getRun, listRuns, type RunListFilter } from "./queries";
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
 * The run as someone without its action's permission sees it: that it ran, on what, by whom and
 * how it ended, but not its parameters (a value written, a query's arguments), output, result
 * or error text.
 */
function withheld(run: RunView, access: RunAccess, actor: Actor): RunView {
  return {
    ...run,
    params: undefined,
    output: [],
    result: undefined,
    error: undefined,
    withheld: `the parameters and output need the ${access.permission} permission, which the ${actor.role ?? "anonymous"} role does not have`,
  };
}

/** A page of runs as this actor may see them: each one's parameters and error only with its permission. */
export async function readRuns(
  actor: Actor,
  filter: RunListFilter,
): Promise<{ runs: RunView[]; next?: string }> {
  const page = await listRuns(filter);
  const runs = await Promise.all(
    page.runs.map(async (run) => {
      const access = await runAccess(run);
      return can(actor.role as Role | undefined, access.permission) ? run : withheld(run, access, actor);
    }),
  );
  return { ...page, runs };
}

/**
 * One run as this actor may see it. Without the permission its action required, output and
 * result are withheld (and `withheld` says why). The output of a read action is an audited read
 * wherever it leaves the server: the record is durable before the run is returned.
 */
export async function readRun(actor: Actor, id: string, via: RunReadVia): Promise<RunView> {
  const run = await getRun(id);
  const access = await runAccess(run);
  if (!can(actor.role as Role | undefined, access.permission)) return withheld(run, access, actor);
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
