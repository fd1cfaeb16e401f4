"use client";

import { useState } from "react";
import { type Send } from "@/components/live/use-live-record";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/** The small forms of a run: skip a step with a reason, write a note. */

export function SkipForm({ stepId, send, pending }: { stepId: string; send: Send; pending: boolean }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  if (!open)
    return (
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)}>
        Skip…
      </Button>
    );
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void send({ type: "skip", stepId, reason });
      }}
    >
      <label className="flex min-w-64 flex-1 flex-col gap-1 text-sm">
        Why skip this step?
        <Input value={reason} onChange={(e) => setReason(e.target.value)} required />
      </label>
      <Button type="submit" size="sm" variant="secondary" disabled={pending}>
        Skip the step
      </Button>
    </form>
  );
}

export function NoteForm({
  stepId,
  send,
  pending,
  label,
}: {
  stepId?: string;
  send: Send;
  pending: boolean;
  label: string;
}) {
  const [text, setText] = useState("");
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        void send({ type: "note", ...(stepId ? { stepId } : {}), text }).then((ok) => ok && setText(""));
      }}
    >
      <label className="flex flex-col gap-1 text-sm">
        {label}
        <textarea
          className="min-h-20 rounded-md border border-input bg-background p-2 text-sm"
          value={text}
          onChange={(e) => setText(e.target.value)}
          required
        />
      </label>
      <Button type="submit" size="sm" disabled={pending || !text.trim()}>
        {stepId ? "Save the note" : "Add to the timeline"}
      </Button>
    </form>
  );
}
