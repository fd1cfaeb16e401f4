import "server-only";
import type { ActionService } from "@/lib/actions/service";
import { removeArtifact, type RemoveDeps } from "@/lib/artifacts/remove";
import { beyondKeep, claimForSchedule, markDeleted } from "@/lib/artifacts/store";
import type { Actor, AuditInput } from "@/lib/audit/schemas";
import type { Catalog } from "@/lib/catalog/types";
import type { Db } from "@/lib/infra/db";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import type { PlaybookRunner } from "@/lib/playbooks/runner";
import type { ScheduleConfig } from "./schemas";
import type { ScheduleTargets, ScheduleWork } from "./scheduler";

export interface TargetDeps {
  actions: () => ActionService;
  playbooks: () => PlaybookRunner;
  db: () => Promise<Db>;
  catalog: () => Promise<Catalog | null>;
  removeDeps: () => RemoveDeps;
  audit: (input: AuditInput) => Promise<unknown>;
  /** How often a scheduled playbook run is looked at until people end it. */
  playbookPollMs?: number;
}

/**
 * What a schedule runs: an action through the action service (its permission check, lock,
 * audit and output, with the schedule as the actor), then the schedule's `keep`; or a playbook
 * run, which is over when people complete or abandon it.
 */
export function createScheduleTargets(deps: TargetDeps): ScheduleTargets {
  return {
    async start(schedule, actor) {
      if (schedule.action) return startAction(deps, schedule, actor);
      const target = schedule.playbook!;
      const { runId } = await deps.playbooks().start(actor, {
        playbookId: target.id,
        ...(target.service ? { service: target.service } : {}),
      });
      return { playbookRunId: runId, done: playbookEnded(deps, runId) };
    },
    async cancel(work, actor) {
      if (work.actionRunId) return deps.actions().cancel(work.actionRunId, actor);
      if (work.playbookRunId) {
        await deps.playbooks().command(actor, work.playbookRunId, {
          type: "abandon",
          reason: "replaced by the schedule's next run (overlap: replace)",
        });
        return true;
      }
      return false;
    },
  };
}

async function startAction(deps: TargetDeps, schedule: ScheduleConfig, actor: Actor): Promise<ScheduleWork> {
  const target = schedule.action!;
  // The schedule's declaration is its confirmation; a type-name action gets the service's name.
  const name = (await deps.catalog())?.services.find((s) => s.id === target.service)?.name;
  const started = await deps.actions().start(actor, {
    serviceId: target.service,
    actionId: target.action,
    params: target.params,
    ...(name ? { confirmation: name } : {}),
  });
  const done = started.done.then(async (run) => {
    if (run.status !== "succeeded") return { ok: false, message: run.error ?? `the run ${run.status}` };
    await claimForSchedule(await deps.db(), run.id, schedule.id);
    const pruned = schedule.keep ? await applyKeep(deps, schedule, actor) : "";
    return { ok: true, ...(pruned ? { message: pruned } : {}) };
  });
  return { actionRunId: started.runId, done };
}

async function playbookEnded(
  deps: TargetDeps,
  runId: string,
): Promise<{ ok: boolean; message?: string; cancelled?: boolean }> {
  for (;;) {
    await new Promise((r) => setTimeout(r, deps.playbookPollMs ?? 10_000).unref());
    const run = await (
      await deps.db()
    ).playbookRun
      .findUnique({ where: { id: runId }, select: { status: true } })
      .catch(() => undefined);
    if (run === null) return { ok: false, message: "the playbook run is gone" };
    if (run?.status === "completed") return { ok: true };
    if (run?.status === "abandoned")
      return { ok: false, cancelled: true, message: "the playbook run was abandoned" };
  }
}

/** Deletes the schedule's files beyond its `keep`, oldest first; each deletion is audited. */
async function applyKeep(deps: TargetDeps, schedule: ScheduleConfig, actor: Actor): Promise<string> {
  const db = await deps.db();
  const keep = schedule.keep!;
  const deleted: string[] = [];
  for (const artifact of await beyondKeep(db, schedule.id, keep)) {
    const params = { name: artifact.name, location: artifact.location, reason: `retention: keep ${keep}` };
    const record = { actor, action: "artifact.delete", target: artifact.serviceId, params };
    try {
      await removeArtifact(artifact, deps.removeDeps());
      await markDeleted(db, artifact.id, `${actor.name} (keep ${keep})`);
      deleted.push(artifact.name);
      await deps.audit({ ...record, outcome: "succeeded" });
    } catch (error) {
      const message = shortErrorMessage(error);
      log.warn("a file beyond a schedule's keep could not be deleted", {
        schedule: schedule.id,
        error: message,
      });
      await deps.audit({ ...record, outcome: "failed", message }).catch(() => undefined);
    }
  }
  return deleted.length ? `kept the newest ${keep}; deleted ${deleted.join(", ")}` : "";
}
