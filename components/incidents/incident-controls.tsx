"use client";

import { SeverityOptions } from "@/components/incidents/options";
import { useState } from "react";
import { type Send } from "@/components/live/use-live-record";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { Input } from "@/components/ui/input";
import { PublicUpdateForm } from "./public-update-form";
import { INCIDENT_STATUSES } from "@/lib/incidents/model";
import type { IncidentDetail } from "@/lib/incidents/types";

/** Running an incident: status, severity, roles, public updates and internal notes. */

export function Controls({
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
      <PublicUpdateForm send={send} pending={pending} />
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
