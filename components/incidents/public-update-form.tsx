"use client";

import { useState } from "react";
import { type Send } from "@/components/live/use-live-record";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { PUBLIC_IMPACTS, type PublicImpact } from "@/lib/incidents/severity";

const IMPACT_LABEL: Record<PublicImpact, string> = {
  degraded_performance: "Degraded performance",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
};

/**
 * A public update: the text stakeholders read on the status page, and optionally the public title
 * (the internal one is never shown there) and what the affected components show from now on.
 */
export function PublicUpdateForm({ send, pending }: { send: Send; pending: boolean }) {
  const [text, setText] = useState("");
  const [title, setTitle] = useState("");
  const [impact, setImpact] = useState<"" | PublicImpact>("");
  return (
    <form
      className="space-y-2 rounded-md border border-blue-300 p-3 dark:border-blue-900"
      onSubmit={(e) => {
        e.preventDefault();
        void send({
          type: "public",
          text,
          ...(title.trim() ? { title: title.trim() } : {}),
          ...(impact ? { impact } : {}),
        }).then((ok) => {
          if (!ok) return;
          setText("");
          setTitle("");
          setImpact("");
        });
      }}
    >
      <label className="flex flex-col gap-1 text-sm font-medium">
        Public update (for the status page: stakeholders read this)
        <textarea
          className="min-h-20 rounded-md border border-input bg-background p-2 text-sm font-normal"
          value={text}
          onChange={(e) => setText(e.target.value)}
          required
        />
      </label>
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex min-w-56 flex-1 flex-col gap-1 text-sm">
          Public title (optional; the internal title is never shown)
          <Input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Status page shows
          <Select value={impact} onChange={(e) => setImpact(e.target.value as "" | PublicImpact)}>
            <option value="">(as before)</option>
            {PUBLIC_IMPACTS.map((i) => (
              <option key={i} value={i}>
                {IMPACT_LABEL[i]}
              </option>
            ))}
          </Select>
        </label>
        <Button type="submit" size="sm" disabled={pending || !text.trim()}>
          Publish the update
        </Button>
      </div>
    </form>
  );
}
