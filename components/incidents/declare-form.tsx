"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { declareIncidentAction } from "@/lib/incidents/actions";

const SELECT = "h-9 rounded-md border border-input bg-background px-2 text-sm text-foreground";

/** Declares an incident (title, severity, affected services, commander), then opens it. */
export function DeclareForm({
  severities,
  services,
  service,
}: {
  severities: { id: string; name: string; description: string }[];
  services: { id: string; name: string }[];
  /** Pre-selected when declared from a service page. */
  service?: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  if (!open)
    return (
      <Button onClick={() => setOpen(true)} data-testid="declare-open">
        Declare an incident
      </Button>
    );
  return (
    <form
      aria-label="Declare an incident"
      className="mb-6 max-w-2xl space-y-3 rounded-lg border border-border bg-surface p-4"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setError(null);
        startTransition(async () => {
          const result = await declareIncidentAction({
            title: String(form.get("title") ?? ""),
            severity: String(form.get("severity") ?? ""),
            services: form.getAll("services").map(String),
            ...(String(form.get("commander") ?? "").trim()
              ? { commander: String(form.get("commander")) }
              : {}),
          });
          if (result.ok) router.push(`/incidents/${result.data.id}`);
          else setError(result.error.message);
        });
      }}
    >
      <label className="flex flex-col gap-1 text-sm font-medium">
        What is wrong?
        <Input name="title" required maxLength={200} placeholder="Checkout fails for some users" />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Severity
        <select name="severity" className={SELECT} defaultValue={severities[1]?.id ?? severities[0]?.id}>
          {severities.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id} · {s.name}
              {s.description ? `: ${s.description}` : ""}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Affected services
        <select name="services" multiple className={`${SELECT} h-28`} defaultValue={service ? [service] : []}>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Commander (email; you, if empty)
        <Input name="commander" type="email" />
      </label>
      {error && (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Declaring…" : "Declare"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
