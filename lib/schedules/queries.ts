import "server-only";
import { actionsFor } from "@/lib/actions/registry";
import { getDb } from "@/lib/infra/db";
import { playbookCatalog, playbooksView } from "@/lib/playbooks/runtime";
import { NotFound } from "@/lib/errors";
import { cronNext } from "./cron";
import { cronOf } from "./plan";
import { schedulesConfig } from "./runtime";
import type { ScheduleConfig, ScheduleView } from "./schemas";
import { runView } from "./store";

const RECENT = 10;

/** Every schedule in effect, with its pause, next occurrence and recent runs. */
export async function listSchedules(filter: { service?: string } = {}): Promise<{
  schedules: ScheduleView[];
  timeZone: string;
}> {
  const config = await schedulesConfig();
  if (!config) return { schedules: [], timeZone: "UTC" };
  const all = config.schedules.filter(
    (s) => !filter.service || s.action?.service === filter.service || s.playbook?.service === filter.service,
  );
  const ids = all.map((s) => s.id);
  const db = await getDb();
  const problems = await targetProblems(all);
  const [states, runs] = await Promise.all([
    db.scheduleState.findMany({ where: { scheduleId: { in: ids } } }),
    // The newest few per schedule: one window query instead of one per schedule.
    db.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM (
        SELECT "id", row_number() OVER (PARTITION BY "scheduleId" ORDER BY "occurrence" DESC, "id" DESC) AS n
        FROM "ScheduleRun" WHERE "scheduleId" = ANY(${ids})
      ) t WHERE n <= ${RECENT}`.then((rows) =>
      db.scheduleRun.findMany({
        where: { id: { in: rows.map((r) => r.id) } },
        orderBy: { occurrence: "desc" },
      }),
    ),
  ]);
  const now = new Date();
  const schedules = all.map((s): ScheduleView => {
    const state = states.find((x) => x.scheduleId === s.id);
    const recent = runs.filter((r) => r.scheduleId === s.id).map(runView);
    const timeZone = s.timeZone ?? config.settings.timeZone;
    return {
      id: s.id,
      name: s.name ?? s.id,
      ...(s.description ? { description: s.description } : {}),
      cron: s.cron,
      timeZone,
      target: s.action
        ? { kind: "action", service: s.action.service, action: s.action.action }
        : {
            kind: "playbook",
            playbook: s.playbook!.id,
            ...(s.playbook!.service ? { service: s.playbook!.service } : {}),
          },
      ...(s.keep ? { keep: s.keep } : {}),
      catchUp: s.catchUp,
      overlap: s.overlap,
      role: s.role,
      enabled: s.enabled,
      paused: state?.paused
        ? {
            by: state.pausedBy ?? "someone",
            at: (state.pausedAt ?? now).toISOString(),
            reason: state.pauseReason,
          }
        : null,
      next:
        s.enabled && !state?.paused ? (cronNext(cronOf(s.cron), now, timeZone)?.toISOString() ?? null) : null,
      last: recent.find((r) => r.status !== "queued") ?? recent[0] ?? null,
      recent,
      ...(problems.get(s.id) ? { problem: problems.get(s.id) } : {}),
    };
  });
  return { schedules, timeZone: config.settings.timeZone };
}

/** What stops a schedule from running on the stack as it is now (a playbook or action gone). */
async function targetProblems(schedules: ScheduleConfig[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const [catalog, playbooks] = await Promise.all([
    playbookCatalog().catch(() => null),
    playbooksView().catch(() => null),
  ]);
  for (const s of schedules) {
    if (s.playbook && playbooks && !playbooks.playbooks.some((p) => p.playbook.id === s.playbook!.id))
      out.set(s.id, `no playbook "${s.playbook.id}" in ${playbooks.dir}`);
    if (s.action && catalog) {
      const service = catalog.services.find((x) => x.id === s.action!.service);
      if (!service) out.set(s.id, `no service "${s.action.service}" on the map now`);
      else if (
        !actionsFor(service, { builtins: catalog.settings.actions.builtins }).some(
          (a) => a.id === s.action!.action,
        )
      )
        out.set(s.id, `${service.name} has no action "${s.action.action}"`);
    }
  }
  return out;
}

/** A schedule as configured now, or 404. */
export async function findSchedule(id: string): Promise<ScheduleConfig> {
  const found = (await schedulesConfig())?.schedules.find((s) => s.id === id);
  if (!found) throw new NotFound(`no schedule "${id}"`);
  return found;
}
