"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { LocalTime } from "@/components/actions/local-time";
import { type Send } from "@/components/live/use-live-record";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { Select } from "@/components/ui/select";
import { Input } from "@/components/ui/input";
import type { IncidentDetail } from "@/lib/incidents/types";
import { startPlaybookRunAction } from "@/lib/playbooks/actions";

/** The work around an incident: playbook runs started for it, and follow-up items. */

export function Playbooks({
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

export function FollowUps({
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
