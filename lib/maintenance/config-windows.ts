import type { OpsdeckConfig } from "@/lib/catalog/schemas";
import type { MaintenanceConfig } from "./schemas";
import type { WindowDef } from "./types";

/** The windows opsdeck.yml declares, in the shape every reader uses (ids prefixed `config:`). */
export function configWindows(config: Pick<OpsdeckConfig, "maintenance">): WindowDef[] {
  return config.maintenance.map(fromConfig);
}

export function fromConfig(w: MaintenanceConfig): WindowDef {
  const start = w.start ? Date.parse(w.start) : 0;
  return {
    id: `config:${w.id}`,
    source: "config",
    title: w.title,
    description: w.description ?? null,
    notes: w.notes ?? null,
    owner: w.owner ?? "",
    scope: { services: w.services, stacks: w.stacks, tags: w.tags },
    timing: w.recurring
      ? {
          kind: "recurring",
          cron: w.recurring.cron,
          durationMs: w.recurring.duration,
          timeZone: w.recurring.timeZone,
          from: null,
        }
      : {
          kind: "once",
          start,
          end: w.end ? Date.parse(w.end) : w.duration !== undefined ? start + w.duration : null,
        },
    playbook: w.playbook ?? null,
    announceMs: w.announce ?? null,
    endedAt: null,
    cancelledAt: null,
  };
}
