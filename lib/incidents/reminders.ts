import { targets, type IncidentTimes, type Target } from "./model";
import type { Severity } from "./severity";

/**
 * What the console reminds a person of about open incidents: the commander, of a target (an
 * update, above all) due within a few minutes or missed; whoever a severity's `escalateTo` names
 * (an email or a role), of a missed one. Pure and safe for the client.
 */

/** How long before a target is due the commander is reminded. */
export const REMIND_BEFORE_MS = 5 * 60_000;

export interface Reminder {
  incidentId: string;
  number: number;
  title: string;
  severity: string;
  target: Target["name"];
  dueAt: string;
  overdue: boolean;
  /** Why this person: they lead it, or the severity names them for missed targets. */
  as: "commander" | "escalation";
}

export interface OpenIncident extends IncidentTimes {
  id: string;
  number: number;
  title: string;
  severity: string;
  commander: string;
}

export function remindersFor(
  person: { email: string; role: string },
  incidents: readonly OpenIncident[],
  severities: readonly Severity[],
  now: number,
): Reminder[] {
  const me = person.email.toLowerCase();
  const out: Reminder[] = [];
  for (const incident of incidents) {
    if (incident.resolvedAt) continue;
    const severity = severities.find((s) => s.id === incident.severity);
    if (!severity) continue;
    const named = severity.escalateTo?.toLowerCase();
    const escalation = named === me || named === person.role.toLowerCase();
    const commander = incident.commander.toLowerCase() === me;
    for (const t of targets(incident, severity, now)) {
      if (t.metAt || !t.dueAt || t.leftMs === null) continue;
      const due = commander && t.leftMs <= REMIND_BEFORE_MS;
      if (!due && !(escalation && t.overdue)) continue;
      out.push({
        incidentId: incident.id,
        number: incident.number,
        title: incident.title,
        severity: incident.severity,
        target: t.name,
        dueAt: t.dueAt,
        overdue: t.overdue,
        as: commander ? "commander" : "escalation",
      });
    }
  }
  // Missed first, then the soonest due.
  return out.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt));
}
