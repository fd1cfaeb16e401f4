"use client";

import { SeverityOptions, ServiceOptions } from "@/components/incidents/options";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { Select } from "@/components/ui/select";
import { Input } from "@/components/ui/input";
import { declareIncidentAction } from "@/lib/incidents/actions";

/** Declares an incident (title, severity, affected services, commander), then opens it. */
export function DeclareForm({
  severities,
  services,
  service,
  initiallyOpen = false,
  title,
}: {
  severities: { id: string; name: string; description: string }[];
  services: { id: string; name: string }[];
  /** Pre-selected when declared from a service page or the map. */
  service?: string;
  /** Open at once (the palette, a service page or the map's menu sent the user here to declare). */
  initiallyOpen?: boolean;
  /** Prefilled title (from a suggestion: "api is down"). */
  title?: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(initiallyOpen);
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
        <Input
          name="title"
          required
          maxLength={200}
          placeholder="Checkout fails for some users"
          defaultValue={title}
          autoFocus={initiallyOpen}
        />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Severity
        <Select name="severity" defaultValue={severities[1]?.id ?? severities[0]?.id}>
          <SeverityOptions severities={severities} described />
        </Select>
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Affected services
        <Select name="services" multiple className="h-28" defaultValue={service ? [service] : []}>
          <ServiceOptions services={services} />
        </Select>
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Commander (email; you, if empty)
        <Input name="commander" type="email" />
      </label>
      <FormError error={error} />
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
