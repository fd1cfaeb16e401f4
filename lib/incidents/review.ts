import type { IncidentDetail, TimelineEntry } from "./types";

/**
 * The post-incident review of an incident: summary, durations, the timeline (hidden entries
 * left out, pinned ones marked), actions taken with their audit record numbers, and the
 * playbooks followed. Markdown for people, JSON for tools. Pure: the caller brings the audit ids.
 */
export interface Review {
  incident: {
    id: string;
    number: number;
    title: string;
    severity: string;
    status: string;
    services: string[];
  };
  roles: { commander: string; scribe: string | null; responders: string[] };
  summary: string | null;
  times: {
    declaredAt: string;
    acknowledgedAt: string | null;
    mitigatedAt: string | null;
    resolvedAt: string | null;
  };
  durations: IncidentDetail["durations"];
  timeline: { at: string; kind: string; actor: string; message: string; pinned: boolean; public: boolean }[];
  actions: { runId: string; at: string; message: string; auditSeqs: number[] }[];
  playbooks: { runId: string; title: string; status: string }[];
  followUps: {
    text: string;
    owner: string | null;
    done: boolean;
    doneBy: string | null;
    doneAt: string | null;
  }[];
}

export function buildReview(d: IncidentDetail, auditSeqsByRun: ReadonlyMap<string, number[]>): Review {
  const visible = d.timeline.filter((e) => !e.hidden && e.kind !== "curation");
  const actions = visible
    .filter((e): e is TimelineEntry & { ref: string } => e.kind === "action")
    .map((e) => {
      const runId = e.ref.slice("action:".length);
      return { runId, at: e.at, message: e.message, auditSeqs: auditSeqsByRun.get(runId) ?? [] };
    });
  return {
    incident: {
      id: d.id,
      number: d.number,
      title: d.title,
      severity: d.severity,
      status: d.status,
      services: d.services,
    },
    roles: { commander: d.commander, scribe: d.scribe, responders: d.responders },
    summary: d.summary,
    times: {
      declaredAt: d.declaredAt,
      acknowledgedAt: d.acknowledgedAt,
      mitigatedAt: d.mitigatedAt,
      resolvedAt: d.resolvedAt,
    },
    durations: d.durations,
    timeline: visible.map((e) => ({
      at: e.at,
      kind: e.kind,
      actor: e.actor,
      message: e.message,
      pinned: e.pinned,
      public: e.public ?? false,
    })),
    actions,
    playbooks: d.playbookRuns.map((r) => ({ runId: r.id, title: r.title, status: r.status })),
    followUps: d.followUps.map((f) => ({
      text: f.text,
      owner: f.owner,
      done: Boolean(f.doneAt),
      doneBy: f.doneBy,
      doneAt: f.doneAt,
    })),
  };
}

const minutes = (ms: number | null) =>
  ms === null ? "—" : ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;

/** Markdown, one line per timeline entry; text written by people is kept on one line each. */
export function reviewMarkdown(r: Review): string {
  const line = (s: string) => s.replace(/\s*\n\s*/g, " ");
  const out = [
    `# Incident #${r.incident.number}: ${line(r.incident.title)}`,
    "",
    `- Severity: ${r.incident.severity}`,
    `- Status: ${r.incident.status}`,
    `- Affected services: ${r.incident.services.join(", ") || "none named"}`,
    `- Commander: ${r.roles.commander}${r.roles.scribe ? `; scribe: ${r.roles.scribe}` : ""}${r.roles.responders.length ? `; responders: ${r.roles.responders.join(", ")}` : ""}`,
    `- Declared: ${r.times.declaredAt}${r.times.resolvedAt ? `; resolved: ${r.times.resolvedAt}` : ""}`,
    "",
    "## Summary",
    "",
    r.summary?.trim() || "_No summary written yet._",
    "",
    "## Durations",
    "",
    "| measure | time |",
    "| --- | --- |",
    `| time to detect | ${minutes(r.durations.detectMs)} |`,
    `| time to acknowledge | ${minutes(r.durations.acknowledgeMs)} |`,
    `| time to mitigate | ${minutes(r.durations.mitigateMs)} |`,
    `| time to resolve | ${minutes(r.durations.resolveMs)} |`,
    "",
    "## Timeline",
    "",
    ...r.timeline.map(
      (e) =>
        `- ${e.at} ${e.pinned ? "**[pinned]** " : ""}${e.public ? "[public] " : ""}(${e.kind}, ${e.actor}) ${line(e.message)}`,
    ),
    "",
    "## Actions taken",
    "",
    ...(r.actions.length
      ? r.actions.map(
          (a) =>
            `- ${a.at} ${line(a.message)} (run ${a.runId}${a.auditSeqs.length ? `, audit #${a.auditSeqs.join(", #")}` : ""})`,
        )
      : ["_None recorded._"]),
    "",
    "## Playbooks followed",
    "",
    ...(r.playbooks.length
      ? r.playbooks.map((p) => `- ${p.title} (${p.status}, run ${p.runId})`)
      : ["_None._"]),
    "",
    "## Follow-up items",
    "",
    ...(r.followUps.length
      ? r.followUps.map(
          (f) =>
            `- [${f.done ? "x" : " "}] ${line(f.text)}${f.owner ? ` (${f.owner})` : ""}${f.done ? ` (done by ${f.doneBy} at ${f.doneAt})` : ""}`,
        )
      : ["_None yet._"]),
    "",
  ];
  return out.join("\n");
}
