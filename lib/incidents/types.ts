import type { durations, IncidentStatus, IncidentTimes, Target } from "./model";
import type { Severity } from "./severity";

/** The shapes of incidents as the API and pages see them (safe for the client). */

export interface IncidentRow extends IncidentTimes {
  id: string;
  number: number;
  title: string;
  severity: string;
  status: IncidentStatus;
  services: string[];
  commander: string;
  scribe: string | null;
  responders: string[];
  summary: string | null;
  declaredBy: string;
}

export type EntryKind =
  | "declared"
  | "status"
  | "severity"
  | "role"
  | "note"
  | "public"
  | "health"
  | "action"
  | "playbook"
  | "maintenance"
  | "event"
  | "curation"
  | "follow-up";

export interface TimelineEntry {
  ref: string;
  at: string;
  kind: EntryKind;
  actor: string;
  message: string;
  /** The action run or playbook run it links to. */
  link?: { href: string; label: string };
  public?: boolean;
  /** Recorded later than it happened (an event added after the fact). */
  recordedAt?: string;
  pinned: boolean;
  hidden: boolean;
}

export interface FollowUp {
  id: string;
  text: string;
  owner: string | null;
  createdBy: string;
  createdAt: string;
  doneBy: string | null;
  doneAt: string | null;
}

export interface IncidentDetail extends IncidentRow {
  followUps: FollowUp[];
  severityInfo: Severity | null;
  targets: Target[];
  timeline: TimelineEntry[];
  /** How many entries there are in all (the timeline holds the newest when there are more). */
  timelineTotal: number;
  playbookRuns: { id: string; title: string; status: string }[];
  durations: ReturnType<typeof durations>;
  /** The services whose health is followed: the affected ones and what they depend on. */
  watched: string[];
}
