/**
 * One shape for every maintenance window, whether opsdeck.yml declares it or a person created it
 * in the console, so the monitor, the event writer, suggestions and pages read windows alike.
 * Times are epoch milliseconds. Safe for the client.
 */

export interface WindowScope {
  services: readonly string[];
  stacks: readonly string[];
  tags: readonly string[];
}

export type WindowTiming =
  /** `end` null: until someone ends it. */
  | { kind: "once"; start: number; end: number | null }
  | {
      kind: "recurring";
      cron: string;
      durationMs: number;
      timeZone: string;
      /** Occurrences that ended before this never were (a window created today has no past). */
      from: number | null;
    };

export interface WindowDef {
  /** `config:<id>` for opsdeck.yml, the row's uuid for the console's. */
  id: string;
  source: "config" | "console";
  /** Public: what the status page announces. */
  title: string;
  description: string | null;
  /** Internal only. */
  notes: string | null;
  owner: string;
  scope: WindowScope;
  timing: WindowTiming;
  playbook: string | null;
  /** Lead time of the "about to start" event; null: the settings' default. */
  announceMs: number | null;
  /** A person ended the occurrence running at this instant (it ends there). */
  endedAt: number | null;
  /** Cancelled: nothing of the window happens from this instant on. */
  cancelledAt: number | null;
}

/** One period of a window: a one-off window has one, a recurring one one per cron match. */
export interface Occurrence {
  window: WindowDef;
  start: number;
  /** null: until someone ends it. */
  end: number | null;
}

export const MAINTENANCE_EVENT_TYPES = ["announced", "started", "ended"] as const;
export type MaintenanceEventType = (typeof MAINTENANCE_EVENT_TYPES)[number];

/** An event due at `at` for one occurrence (written once, whatever the number of replicas). */
export interface DueEvent {
  occurrence: Occurrence;
  type: MaintenanceEventType;
  at: number;
}
