"use client";

import { SeverityOptions } from "@/components/incidents/options";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { LocalTime } from "@/components/actions/local-time";
import { useLiveRecord, type Send } from "@/components/live/use-live-record";
import { Viewers } from "@/components/live/viewers";
import { formatDuration } from "@/components/service/format";
import { useNow } from "@/components/service/use-now";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { Select } from "@/components/ui/select";
import { Input } from "@/components/ui/input";
import { incidentCommandAction } from "@/lib/incidents/actions";
import { INCIDENT_STATUSES, targets, type Target } from "@/lib/incidents/model";
import type { EntryKind, IncidentDetail, TimelineEntry } from "@/lib/incidents/types";
import { startPlaybookRunAction } from "@/lib/playbooks/actions";
import { STATUS_TONE } from "./format";

const TARGET_WORD: Record<Target["name"], string> = {
  acknowledge: "Acknowledge",
  update: "Next update",
  resolve: "Resolve",
};
const KIND_WORD: Record<EntryKind, string> = {
  declared: "declared",
  status: "status",
  severity: "severity",
  role: "roles",
  note: "notes",
  event: "notes",
  public: "public updates",
  health: "health",
  action: "actions",
  playbook: "playbooks",
  curation: "edits",
  "follow-up": "follow-ups",
};

/**
 * An incident, live for everyone who has it open (re-read every 2 s): its clocks counting, the
 * roles, what to do next, and the timeline. Every change goes through one verb on the server.
 */
export function IncidentView({
  initial,
  canManage,
  canRunPlaybooks,
  playbooks,
  severities,
}: {
  initial: IncidentDetail;
  canManage: boolean;
  canRunPlaybooks: boolean;
  playbooks: { id: string; title: string; runnable: boolean }[];
  severities: { id: string; name: string }[];
}) {
  const [wholeTimeline, setWholeTimeline] = useState(false);
  const {
    data: incident,
    send,
    error,
    pending,
    viewers,
  } = useLiveRecord<IncidentDetail>(
    `/api/v1/incidents/${initial.id}`,
    initial,
    () => 2_000,
    (command) => incidentCommandAction({ incidentId: initial.id, ...command }),
    wholeTimeline ? "?timeline=all" : "",
  );
  const now = useNow(1000);
  const clocks = incident.severityInfo ? targets(incident, incident.severityInfo, now) : incident.targets;
  const updateDue = clocks.find((c) => c.name === "update" && c.leftMs !== null && c.leftMs < 5 * 60_000);
  const open = incident.status !== "resolved";

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
      <div className="min-w-0 space-y-4">
        <section aria-label="Incident" className="space-y-3 rounded-lg border border-border bg-surface p-4">
          <div className="flex flex-wrap items-center gap-2">
            <Badge data-testid="incident-severity">{incident.severity}</Badge>
            <Badge tone={STATUS_TONE[incident.status]} data-testid="incident-status">
              {incident.status}
            </Badge>
            <span className="text-sm">
              Commander <strong data-testid="incident-commander">{incident.commander}</strong>
              {incident.scribe && <> · scribe {incident.scribe}</>}
              {incident.responders.length > 0 && <> · responders {incident.responders.join(", ")}</>}
            </span>
          </div>
          <p className="text-sm">
            {incident.services.length ? (
              <>
                Affected:{" "}
                {incident.services.map((s, i) => (
                  <span key={s}>
                    {i > 0 && ", "}
                    <Link href={`/services/${encodeURIComponent(s)}`} className="underline">
                      {s}
                    </Link>
                  </span>
                ))}
                {incident.watched.length > incident.services.length && (
                  <span className="text-muted-foreground">
                    {" "}
                    (their dependencies are followed too:{" "}
                    {incident.watched.filter((w) => !incident.services.includes(w)).join(", ")})
                  </span>
                )}
              </>
            ) : (
              <span className="text-muted-foreground">No affected service named yet.</span>
            )}
          </p>
          <Viewers names={viewers} />
          <p className="text-xs text-muted-foreground">
            Declared by {incident.declaredBy} <LocalTime iso={incident.declaredAt} />
            {incident.severityInfo?.description && <> · {incident.severityInfo.description}</>}
          </p>
          <ul className="grid gap-2 sm:grid-cols-3" aria-label="Response targets">
            {clocks.map((c) => (
              <li
                key={c.name}
                data-testid={`target-${c.name}`}
                data-overdue={c.overdue ? "true" : "false"}
                className={`rounded-md border p-2 text-sm ${c.overdue && !c.metAt ? "border-red-400 bg-danger-surface text-danger" : "border-border"}`}
              >
                <p className="font-medium">{TARGET_WORD[c.name]}</p>
                <p className="tabular-nums">
                  {c.metAt
                    ? `done${c.overdue ? " (late)" : ""}`
                    : c.leftMs === null
                      ? "—"
                      : c.leftMs >= 0
                        ? `in ${formatDuration(c.leftMs)}`
                        : `overdue by ${formatDuration(-c.leftMs)}`}
                </p>
              </li>
            ))}
          </ul>
          {open && updateDue && (
            <p role="status" className="text-sm font-medium text-warning" data-testid="update-reminder">
              {updateDue.overdue ? "A public update is overdue" : "A public update is due soon"}: post one
              below
              {incident.severityInfo?.escalateTo
                ? ` (overdue updates concern ${incident.severityInfo.escalateTo})`
                : ""}
              .
            </p>
          )}
        </section>

        {error && (
          <p
            role="alert"
            className="rounded-md border border-red-300 bg-danger-surface px-3 py-2 text-sm text-danger"
          >
            {error}
          </p>
        )}

        {canManage && <Controls incident={incident} send={send} pending={pending} severities={severities} />}

        <Playbooks incident={incident} playbooks={playbooks} canRun={canRunPlaybooks && open} />
        <FollowUps incident={incident} canManage={canManage} send={send} pending={pending} />
      </div>
      <Timeline
        entries={incident.timeline}
        total={incident.timelineTotal}
        loadAll={() => setWholeTimeline(true)}
        canManage={canManage}
        send={send}
        pending={pending}
      />
    </div>
  );
}

function Controls({
  incident,
  send,
  pending,
  severities,
}: {
  incident: IncidentDetail;
  send: Send;
  pending: boolean;
  severities: { id: string; name: string }[];
}) {
  const [role, setRole] = useState("commander");
  const [person, setPerson] = useState("");
  const [publicText, setPublicText] = useState("");
  const [note, setNote] = useState("");
  const [noteAt, setNoteAt] = useState("");
  return (
    <section
      aria-label="Run the incident"
      className="space-y-4 rounded-lg border border-border bg-surface p-4"
    >
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Status">
        <span className="text-sm font-medium">Status</span>
        {INCIDENT_STATUSES.filter((s) => s !== incident.status).map((s) => (
          <Button
            key={s}
            size="sm"
            variant={s === "resolved" ? "primary" : "secondary"}
            disabled={pending}
            onClick={() => void send({ type: "status", status: s })}
          >
            {incident.status === "resolved" && s !== "resolved" ? `Reopen as ${s}` : `Mark ${s}`}
          </Button>
        ))}
        <label className="ml-auto flex items-center gap-2 text-sm">
          Severity
          <Select
            value={incident.severity}
            disabled={pending}
            onChange={(e) => void send({ type: "severity", severity: e.target.value })}
          >
            <SeverityOptions severities={severities} />
          </Select>
        </label>
      </div>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void send({ type: "role", role, person }).then((ok) => ok && setPerson(""));
        }}
      >
        <label className="flex flex-col gap-1 text-sm">
          Role
          <Select value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="commander">Hand command to</option>
            <option value="scribe">Scribe</option>
            <option value="responder">Add a responder</option>
            <option value="remove-responder">Remove a responder</option>
          </Select>
        </label>
        <label className="flex min-w-56 flex-1 flex-col gap-1 text-sm">
          Person (email)
          <Input value={person} onChange={(e) => setPerson(e.target.value)} required />
        </label>
        <Button type="submit" size="sm" variant="secondary" disabled={pending}>
          Set
        </Button>
      </form>
      <form
        className="space-y-2 rounded-md border border-blue-300 p-3 dark:border-blue-900"
        onSubmit={(e) => {
          e.preventDefault();
          void send({ type: "public", text: publicText }).then((ok) => ok && setPublicText(""));
        }}
      >
        <label className="flex flex-col gap-1 text-sm font-medium">
          Public update (for the status page: stakeholders read this)
          <textarea
            className="min-h-20 rounded-md border border-input bg-background p-2 text-sm font-normal"
            value={publicText}
            onChange={(e) => setPublicText(e.target.value)}
            required
          />
        </label>
        <Button type="submit" size="sm" disabled={pending || !publicText.trim()}>
          Publish the update
        </Button>
      </form>
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          const at = noteAt ? new Date(noteAt).toISOString() : undefined;
          void send({ type: "note", text: note, ...(at ? { at } : {}) }).then((ok) => {
            if (ok) {
              setNote("");
              setNoteAt("");
            }
          });
        }}
      >
        <label className="flex flex-col gap-1 text-sm font-medium">
          Internal note (never public)
          <textarea
            className="min-h-16 rounded-md border border-input bg-background p-2 text-sm font-normal"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            required
          />
        </label>
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col gap-1 text-sm">
            Happened at (optional, for an event after the fact)
            <Input type="datetime-local" value={noteAt} onChange={(e) => setNoteAt(e.target.value)} />
          </label>
          <Button type="submit" size="sm" variant="secondary" disabled={pending || !note.trim()}>
            Add the note
          </Button>
        </div>
      </form>
    </section>
  );
}

function Playbooks({
  incident,
  playbooks,
  canRun,
}: {
  incident: IncidentDetail;
  playbooks: { id: string; title: string; runnable: boolean }[];
  canRun: boolean;
}) {
  const router = useRouter();
  const [choice, setChoice] = useState(playbooks.find((p) => p.runnable)?.id ?? "");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <section aria-label="Playbooks" className="space-y-2 rounded-lg border border-border bg-surface p-4">
      <h2 className="text-base font-semibold">Playbooks</h2>
      {incident.playbookRuns.length > 0 ? (
        <ul className="space-y-1 text-sm">
          {incident.playbookRuns.map((r) => (
            <li key={r.id}>
              <Link href={`/playbooks/runs/${r.id}`} className="underline">
                {r.title}
              </Link>{" "}
              <span className="text-muted-foreground">({r.status})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted-foreground">No playbook run for this incident yet.</p>
      )}
      {canRun && playbooks.length > 0 && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            startTransition(async () => {
              const result = await startPlaybookRunAction({
                playbookId: choice,
                incident: incident.id,
                severity: incident.severity,
                ...(incident.services[0] ? { service: incident.services[0] } : {}),
              });
              if (result.ok) router.push(`/playbooks/runs/${result.data.runId}`);
              else setError(result.error.message);
            });
          }}
        >
          <label className="flex flex-col gap-1 text-sm">
            Playbook
            <Select value={choice} onChange={(e) => setChoice(e.target.value)}>
              {playbooks.map((p) => (
                <option key={p.id} value={p.id} disabled={!p.runnable}>
                  {p.title}
                  {p.runnable ? "" : " (cannot run now)"}
                </option>
              ))}
            </Select>
          </label>
          <Button type="submit" size="sm" disabled={pending || !choice}>
            Start it for this incident
          </Button>
          <FormError error={error} className="w-full" />
        </form>
      )}
    </section>
  );
}

function FollowUps({
  incident,
  canManage,
  send,
  pending,
}: {
  incident: IncidentDetail;
  canManage: boolean;
  send: Send;
  pending: boolean;
}) {
  const [text, setText] = useState("");
  const [owner, setOwner] = useState("");
  return (
    <section
      aria-label="Follow-up items"
      className="space-y-2 rounded-lg border border-border bg-surface p-4"
    >
      <h2 className="text-base font-semibold">Follow-up items</h2>
      {incident.followUps.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          None yet: what should change so this does not happen again?
        </p>
      ) : (
        <ul className="space-y-1 text-sm" data-testid="follow-ups">
          {incident.followUps.map((f) => (
            <li key={f.id} className="flex flex-wrap items-center gap-2">
              <input
                id={`follow-up-${f.id}`}
                type="checkbox"
                checked={Boolean(f.doneAt)}
                disabled={!canManage || pending}
                onChange={(e) =>
                  void send({ type: "follow-up-done", followUpId: f.id, done: e.target.checked })
                }
              />
              <label htmlFor={`follow-up-${f.id}`} className={f.doneAt ? "line-through" : ""}>
                {f.text}
              </label>
              {f.owner && <span className="text-muted-foreground">({f.owner})</span>}
              {f.doneAt && (
                <span className="text-xs text-muted-foreground">
                  done by {f.doneBy} <LocalTime iso={f.doneAt} />
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void send({ type: "follow-up", text, ...(owner.trim() ? { owner } : {}) }).then((ok) => {
              if (ok) {
                setText("");
                setOwner("");
              }
            });
          }}
        >
          <label className="flex min-w-56 flex-1 flex-col gap-1 text-sm">
            Follow-up
            <Input value={text} onChange={(e) => setText(e.target.value)} required />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Owner (optional)
            <Input value={owner} onChange={(e) => setOwner(e.target.value)} />
          </label>
          <Button type="submit" size="sm" variant="secondary" disabled={pending || !text.trim()}>
            Add
          </Button>
        </form>
      )}
    </section>
  );
}

/** Entries drawn at first, and added per "show older": a long timeline stays quick to open. */
const PAGE = 200;

function Timeline({
  entries,
  total,
  loadAll,
  canManage,
  send,
  pending,
}: {
  entries: TimelineEntry[];
  total: number;
  loadAll: () => void;
  canManage: boolean;
  send: Send;
  pending: boolean;
}) {
  const [drawn, setDrawn] = useState(PAGE);
  const kinds = useMemo(() => [...new Set(entries.map((e) => KIND_WORD[e.kind] ?? e.kind))], [entries]);
  const [off, setOff] = useState<Set<string>>(new Set(["edits"]));
  const [showHidden, setShowHidden] = useState(false);
  const shown = entries.filter((e) => !off.has(KIND_WORD[e.kind] ?? e.kind) && (showHidden || !e.hidden));
  const pinned = entries.filter((e) => e.pinned && !e.hidden);
  return (
    <aside aria-label="Timeline" className="space-y-3">
      <h2 className="text-base font-semibold">Timeline</h2>
      <fieldset className="flex flex-wrap gap-x-3 gap-y-1 text-xs">
        <legend className="sr-only">Show</legend>
        {kinds.map((k) => (
          <label key={k} className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={!off.has(k)}
              onChange={(e) =>
                setOff((s) => {
                  const next = new Set(s);
                  if (e.target.checked) next.delete(k);
                  else next.add(k);
                  return next;
                })
              }
            />
            {k}
          </label>
        ))}
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} />
          hidden entries
        </label>
      </fieldset>
      {pinned.length > 0 && (
        <section aria-label="Pinned" className="rounded-md border border-amber-300 p-2 dark:border-amber-800">
          <h3 className="mb-1 text-sm font-semibold">Pinned</h3>
          <ol className="space-y-1 text-sm">
            {pinned.map((e) => (
              <li key={e.ref}>
                <LocalTime iso={e.at} className="text-xs text-muted-foreground" /> {e.message}
              </li>
            ))}
          </ol>
        </section>
      )}
      <ol className="space-y-2 text-sm" data-testid="incident-timeline">
        {[...shown]
          .reverse()
          .slice(0, drawn)
          .map((e) => (
            <li
              key={e.ref}
              data-kind={e.kind}
              className={`border-l-2 pl-3 ${e.public ? "border-blue-500" : "border-border"} ${e.hidden ? "opacity-60" : ""}`}
            >
              <p>
                {e.public && <Badge tone="maintenance">public</Badge>} {e.message}
                {e.link && (
                  <>
                    {" "}
                    <Link href={e.link.href} className="underline">
                      {e.link.label}
                    </Link>
                  </>
                )}
              </p>
              <p className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                <LocalTime iso={e.at} /> · {e.actor}
                {e.recordedAt && (
                  <span>
                    · recorded <LocalTime iso={e.recordedAt} />
                  </span>
                )}
                {canManage && (
                  <>
                    <button
                      type="button"
                      className="underline"
                      disabled={pending}
                      onClick={() => void send({ type: "curate", ref: e.ref, pinned: !e.pinned })}
                    >
                      {e.pinned ? "unpin" : "pin"}
                    </button>
                    <button
                      type="button"
                      className="underline"
                      disabled={pending}
                      onClick={() => void send({ type: "curate", ref: e.ref, hidden: !e.hidden })}
                    >
                      {e.hidden ? "show" : "hide"}
                    </button>
                  </>
                )}
              </p>
            </li>
          ))}
      </ol>
      {(shown.length > drawn || entries.length < total) && (
        <p className="text-sm text-muted-foreground">
          {shown.length > drawn ? (
            <Button variant="secondary" size="sm" onClick={() => setDrawn((n) => n + PAGE)}>
              Show {Math.min(PAGE, shown.length - drawn)} older entries
            </Button>
          ) : (
            <>
              The newest {entries.length} of {total} entries are shown.{" "}
              <Button variant="secondary" size="sm" onClick={loadAll}>
                Load them all
              </Button>
            </>
          )}
        </p>
      )}
    </aside>
  );
}
