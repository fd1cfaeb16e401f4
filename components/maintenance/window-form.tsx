"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ServiceOptions } from "@/components/incidents/options";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { createWindowAction } from "@/lib/maintenance/actions";

type Named = { id: string; name: string };

const field = "flex flex-col gap-1 text-sm font-medium";
const hint = "text-xs font-normal text-muted-foreground";

/** A datetime-local value (the reader's wall clock) as an instant; empty stays empty. */
const instant = (value: FormDataEntryValue | null) =>
  value ? new Date(String(value)).toISOString() : undefined;
const text = (value: FormDataEntryValue | null) => String(value ?? "").trim() || undefined;

/**
 * Creates a window: which services (by name, stack or tag), from when (now, a time, or a
 * recurring cron in a time zone) to when (until ended, a time, or after a duration), with its
 * public title and description apart from internal notes, and a playbook to start with it.
 */
export function WindowForm({
  services,
  stacks,
  tags,
  playbooks,
  service,
}: {
  services: Named[];
  stacks: Named[];
  tags: string[];
  playbooks: { id: string; title: string }[];
  /** Pre-selected (sent here from a service page). */
  service?: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(Boolean(service));
  const [starts, setStarts] = useState<"now" | "at" | "recurring">("now");
  const [ends, setEnds] = useState<"ended" | "at" | "after">("after");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!open)
    return (
      <Button onClick={() => setOpen(true)} data-testid="maintenance-open">
        Plan maintenance
      </Button>
    );
  return (
    <form
      aria-label="Plan maintenance"
      className="mb-6 grid max-w-3xl gap-3 rounded-lg border border-border bg-surface p-4 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setError(null);
        const recurring =
          starts === "recurring"
            ? {
                cron: String(form.get("cron") ?? ""),
                duration: String(form.get("every-duration") ?? ""),
                timeZone: String(form.get("timeZone") ?? "UTC"),
              }
            : undefined;
        startTransition(async () => {
          const result = await createWindowAction({
            title: String(form.get("title") ?? ""),
            description: text(form.get("description")),
            notes: text(form.get("notes")),
            services: form.getAll("services").map(String),
            stacks: form.getAll("stacks").map(String),
            tags: form.getAll("tags").map(String),
            owner: text(form.get("owner")),
            ...(starts === "at" ? { start: instant(form.get("start")) } : {}),
            ...(recurring ? { recurring } : ends === "at" ? { end: instant(form.get("end")) } : {}),
            ...(!recurring && ends === "after" ? { duration: text(form.get("duration")) } : {}),
            playbook: text(form.get("playbook")),
            announce: text(form.get("announce")),
          });
          if (result.ok) {
            setOpen(false);
            router.refresh();
          } else setError(result.error.message);
        });
      }}
    >
      <label className={field}>
        Title <span className={hint}>public: the status page announces it</span>
        <Input name="title" required maxLength={200} placeholder="Database upgrade" autoFocus />
      </label>
      <label className={field}>
        Owner <span className={hint}>you, if empty</span>
        <Input name="owner" maxLength={200} />
      </label>
      <label className={`${field} sm:col-span-2`}>
        Description <span className={hint}>public</span>
        <Input name="description" maxLength={2000} placeholder="Checkout may be slow for a few minutes." />
      </label>
      <label className={`${field} sm:col-span-2`}>
        Internal notes <span className={hint}>never published</span>
        <textarea
          name="notes"
          maxLength={5000}
          rows={2}
          className="rounded-md border border-input bg-background px-3 py-2 text-sm"
        />
      </label>
      <label className={field}>
        Services
        <Select name="services" multiple className="h-28" defaultValue={service ? [service] : []}>
          <ServiceOptions services={services} />
        </Select>
      </label>
      <div className="grid gap-3">
        <label className={field}>
          Stacks <span className={hint}>every service in them</span>
          <Select name="stacks" multiple className="h-12">
            <ServiceOptions services={stacks} />
          </Select>
        </label>
        <label className={field}>
          Tags <span className={hint}>every service with one</span>
          <Select name="tags" multiple className="h-12">
            <ServiceOptions services={tags.map((t) => ({ id: t, name: t }))} />
          </Select>
        </label>
      </div>
      <label className={field}>
        Starts
        <Select name="starts" value={starts} onChange={(e) => setStarts(e.target.value as typeof starts)}>
          <option value="now">Now</option>
          <option value="at">At a time</option>
          <option value="recurring">Recurring (cron)</option>
        </Select>
      </label>
      {starts === "at" && (
        <label className={field}>
          Start <span className={hint}>your time zone ({zone})</span>
          <Input name="start" type="datetime-local" required />
        </label>
      )}
      {starts === "recurring" ? (
        <>
          <label className={field}>
            Cron <span className={hint}>&quot;0 2 * * 0&quot;: Sundays at 02:00</span>
            <Input name="cron" required placeholder="0 2 * * 0" />
          </label>
          <label className={field}>
            Lasts
            <Input name="every-duration" required placeholder="1h" />
          </label>
          <label className={field}>
            Time zone
            <Input name="timeZone" required defaultValue={zone} />
          </label>
        </>
      ) : (
        <>
          <label className={field}>
            Ends
            <Select name="ends" value={ends} onChange={(e) => setEnds(e.target.value as typeof ends)}>
              <option value="after">After a duration</option>
              <option value="at">At a time</option>
              <option value="ended">When someone ends it</option>
            </Select>
          </label>
          {ends === "after" && (
            <label className={field}>
              Duration <span className={hint}>30m, 2h, 1d</span>
              <Input name="duration" required defaultValue="1h" />
            </label>
          )}
          {ends === "at" && (
            <label className={field}>
              End <span className={hint}>your time zone ({zone})</span>
              <Input name="end" type="datetime-local" required />
            </label>
          )}
        </>
      )}
      <label className={field}>
        Playbook <span className={hint}>started when the window starts</span>
        <Select name="playbook" defaultValue="">
          <option value="">None</option>
          {playbooks.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </Select>
      </label>
      <label className={field}>
        Announce before <span className={hint}>default from settings</span>
        <Input name="announce" placeholder="24h" />
      </label>
      <div className="sm:col-span-2">
        <FormError error={error} />
      </div>
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Plan maintenance"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
