import type { Actor } from "@/lib/audit/schemas";
import type { Db } from "@/lib/infra/db";
import type { Outcome, RunState, Who } from "./run-types";
import type { PlaybookConfig } from "./schemas";

/** Playbook runs as stored and as read back: rows, events, and who did it. */

export interface RunRow {
  id: string;
  playbookId: string;
  title: string;
  playbook: PlaybookConfig;
  status: string;
  state: RunState;
  version: number;
  startedBy: string;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
}

export interface RunEventView {
  id: string;
  at: string;
  type: string;
  stepId: string | null;
  actorName: string;
  message: string;
  data: Record<string, unknown> | null;
}

export interface RunDetail extends RunRow {
  events: RunEventView[];
}

export const SYSTEM: Who = { id: "opsdeck", name: "opsdeck" };

export const SYSTEM_ACTOR: Actor = {
  type: "system",
  id: SYSTEM.id,
  name: SYSTEM.name,
  requestId: "playbook-runner",
};

export function who(actor: Actor): Who {
  return { id: actor.id ?? actor.name, name: actor.name, ...(actor.role ? { role: actor.role } : {}) };
}

export async function insertEvents(db: Db, runId: string, outcome: Outcome, actorName: string, at: Date) {
  if (!outcome.events.length) return;
  await db.playbookRunEvent.createMany({
    data: outcome.events.map((e) => ({
      runId,
      at,
      type: e.type,
      stepId: e.stepId ?? null,
      actorName,
      message: e.message,
      data: (e.data ?? undefined) as object | undefined,
    })),
  });
}

export function toRow(row: {
  id: string;
  playbookId: string;
  title: string;
  playbook: unknown;
  status: string;
  state: unknown;
  version: number;
  startedBy: string;
  startedAt: Date;
  updatedAt: Date;
  endedAt: Date | null;
}): RunRow {
  return {
    id: row.id,
    playbookId: row.playbookId,
    title: row.title,
    playbook: row.playbook as PlaybookConfig,
    status: row.status,
    state: row.state as RunState,
    version: row.version,
    startedBy: row.startedBy,
    startedAt: row.startedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}
