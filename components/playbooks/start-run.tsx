"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { Select } from "@/components/ui/select";
import { startPlaybookRunAction } from "@/lib/playbooks/actions";
import { SEVERITIES } from "@/lib/playbooks/schemas";

/** Starts a run of a playbook, with the severity and the service it is about, then opens it. */
export function StartRun({
  playbookId,
  severity,
  services,
  service,
}: {
  playbookId: string;
  severity?: string;
  /** The services the playbook names, to say which one the run is about. */
  services: string[];
  service?: string;
}) {
  const router = useRouter();
  const [sev, setSev] = useState(severity ?? "");
  const [svc, setSvc] = useState(service ?? "");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="flex flex-wrap items-end gap-3 rounded-lg border border-border bg-surface p-4"
      aria-label="Start a run"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        startTransition(async () => {
          const result = await startPlaybookRunAction({
            playbookId,
            ...(sev ? { severity: sev } : {}),
            ...(svc ? { service: svc } : {}),
          });
          if (result.ok) router.push(`/playbooks/runs/${result.data.runId}`);
          else setError(result.error.message);
        });
      }}
    >
      <label className="flex flex-col gap-1 text-sm">
        Severity
        <Select
          className="h-9 rounded-md border border-input bg-background px-2"
          value={sev}
          onChange={(e) => setSev(e.target.value)}
        >
          <option value="">none</option>
          {SEVERITIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </Select>
      </label>
      {services.length > 0 && (
        <label className="flex flex-col gap-1 text-sm">
          Service
          <Select
            className="h-9 rounded-md border border-input bg-background px-2"
            value={svc}
            onChange={(e) => setSvc(e.target.value)}
          >
            <option value="">none</option>
            {services.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </Select>
        </label>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? "Starting…" : "Start a run"}
      </Button>
      <FormError error={error} className="w-full" />
    </form>
  );
}
