"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useHydrated } from "@/components/actions/local-time";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { AUDIT_OUTCOMES } from "@/lib/audit/schemas";

export interface AuditFilterValues {
  actor?: string;
  action?: string;
  target?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

const SELECT = "h-9 w-full rounded-md border border-input bg-background px-2 text-sm text-foreground";

/** ISO instant → the value a datetime-local input shows, in the reader's zone. */
function toLocalInput(iso: string | undefined): string {
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return "";
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/**
 * The audit filters, kept in the URL. datetime-local values carry no zone, so the browser
 * turns them into instants before they reach the URL (without script, the form still submits).
 */
export function AuditFilters({ values }: { values: AuditFilterValues }) {
  const router = useRouter();
  // The server cannot know the reader's zone: times fill in once the browser has them.
  const hydrated = useHydrated();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const query = new URLSearchParams();
    for (const [key, raw] of data) {
      const value = String(raw).trim();
      if (!value) continue;
      if (key === "from" || key === "to") {
        const at = new Date(value);
        // A minute-precision "to" includes the whole minute it names.
        if (!Number.isNaN(at.getTime()))
          query.set(key, new Date(at.getTime() + (key === "to" ? 59_999 : 0)).toISOString());
      } else query.set(key, value);
    }
    router.push(`/audit${query.size ? `?${query}` : ""}`);
  }

  return (
    <form
      method="get"
      action="/audit"
      onSubmit={submit}
      className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-7"
      data-testid="audit-filters"
    >
      <Field id="audit-actor" label="Actor">
        <Input
          id="audit-actor"
          name="actor"
          defaultValue={values.actor}
          placeholder="exact: sre@example.com or token:ci"
        />
      </Field>
      <Field id="audit-action" label="Action">
        <Input
          id="audit-action"
          name="action"
          defaultValue={values.action}
          placeholder="exact: container.restart"
        />
      </Field>
      <Field id="audit-target" label="Target">
        <Input
          id="audit-target"
          name="target"
          defaultValue={values.target}
          placeholder="exact: a service id"
        />
      </Field>
      <Field id="audit-outcome" label="Outcome">
        <select id="audit-outcome" name="outcome" defaultValue={values.outcome ?? ""} className={SELECT}>
          <option value="">Any outcome</option>
          {AUDIT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </Field>
      <Field id="audit-from" label="From">
        <Input
          key={hydrated ? "local" : "server"}
          id="audit-from"
          name="from"
          type="datetime-local"
          defaultValue={hydrated ? toLocalInput(values.from) : ""}
        />
      </Field>
      <Field id="audit-to" label="To">
        <Input
          key={hydrated ? "local" : "server"}
          id="audit-to"
          name="to"
          type="datetime-local"
          defaultValue={hydrated ? toLocalInput(values.to) : ""}
        />
      </Field>
      <div className="flex items-end gap-2">
        <Button type="submit">Filter</Button>
        <Button asChild variant="ghost">
          <Link href="/audit">Clear</Link>
        </Button>
      </div>
    </form>
  );
}

function Field({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}
