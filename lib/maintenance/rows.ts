import type { WindowDef } from "./types";

/** A MaintenanceWindow row as Prisma returns it (the fields read here). */
export interface WindowRow {
  id: string;
  title: string;
  description: string | null;
  notes: string | null;
  services: unknown;
  stacks: unknown;
  tags: unknown;
  owner: string;
  kind: string;
  startsAt: Date;
  endsAt: Date | null;
  cron: string | null;
  durationMs: number | null;
  timeZone: string | null;
  playbookId: string | null;
  announceMs: number | null;
  endedAt: Date | null;
  cancelledAt: Date | null;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : []);
const ms = (d: Date | null) => (d ? d.getTime() : null);

/** A console window in the shape every reader uses. */
export function fromRow(r: WindowRow): WindowDef {
  return {
    id: r.id,
    source: "console",
    title: r.title,
    description: r.description,
    notes: r.notes,
    owner: r.owner,
    scope: { services: strings(r.services), stacks: strings(r.stacks), tags: strings(r.tags) },
    timing:
      r.kind === "recurring" && r.cron && r.durationMs
        ? {
            kind: "recurring",
            cron: r.cron,
            durationMs: r.durationMs,
            timeZone: r.timeZone ?? "UTC",
            from: r.startsAt.getTime(),
          }
        : { kind: "once", start: r.startsAt.getTime(), end: ms(r.endsAt) },
    playbook: r.playbookId,
    announceMs: r.announceMs,
    endedAt: ms(r.endedAt),
    cancelledAt: ms(r.cancelledAt),
  };
}
