"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { formatDuration } from "@/components/service/format";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import type { PlaybookSummary } from "@/lib/playbooks/queries";

/** The words a playbook is found by: everything the list shows of it. */
function haystack(p: PlaybookSummary): string {
  return [p.id, p.title, p.summary, p.owner, p.severity, p.file, ...p.triggers, ...Object.keys(p.kinds)]
    .filter(Boolean)
    .join(" ")
    .toLowerCase();
}

/** Every term must match somewhere ("redis p1" finds the P1 playbook about Redis). */
export function PlaybookList({ playbooks }: { playbooks: PlaybookSummary[] }) {
  const [query, setQuery] = useState("");
  const indexed = useMemo(() => playbooks.map((p) => ({ p, text: haystack(p) })), [playbooks]);
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = indexed.filter(({ text }) => terms.every((t) => text.includes(t))).map(({ p }) => p);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex max-w-md flex-1 items-center gap-2 text-sm">
          <span className="shrink-0 font-medium">Search</span>
          <Input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="title, service, owner, severity…"
          />
        </label>
        <p className="text-sm text-muted-foreground" aria-live="polite">
          {shown.length === playbooks.length
            ? `${playbooks.length} playbook${playbooks.length === 1 ? "" : "s"}`
            : `${shown.length} of ${playbooks.length} match`}
        </p>
      </div>
      {shown.length === 0 ? (
        <p className="text-sm text-muted-foreground">No playbook matches “{query}”.</p>
      ) : (
        <ul className="grid gap-3 md:grid-cols-2" aria-label="Playbooks">
          {shown.map((p) => (
            <li key={p.id}>
              <PlaybookCard playbook={p} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PlaybookCard({ playbook: p }: { playbook: PlaybookSummary }) {
  return (
    <article className="flex h-full flex-col gap-2 rounded-lg border border-border bg-surface p-4">
      <header className="flex flex-wrap items-center gap-2">
        <h2 className="text-base font-semibold">
          <Link href={`/playbooks/${encodeURIComponent(p.id)}`} className="hover:underline">
            {p.title}
          </Link>
        </h2>
        {p.severity && <Badge>{p.severity}</Badge>}
        {p.problems.length > 0 && <Badge tone="down">cannot run: {p.problems.length} problem(s)</Badge>}
      </header>
      {p.summary && <p className="line-clamp-3 text-sm text-muted-foreground">{p.summary}</p>}
      {p.matches.length > 0 && (
        <p className="text-sm">
          <Badge tone="degraded">suggested now</Badge>{" "}
          {p.matches.map((m) => `${m.service} (${m.observed})`).join(", ")}
        </p>
      )}
      <dl className="mt-auto grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs text-muted-foreground">
        <dt>Use</dt>
        <dd>{p.triggers.join("; ")}</dd>
        <dt>Steps</dt>
        <dd>
          {p.steps} (
          {Object.entries(p.kinds)
            .map(([k, n]) => `${n} ${k}`)
            .join(", ")}
          ){p.estimatedMs ? ` · about ${formatDuration(p.estimatedMs)}` : ""}
        </dd>
        {p.owner && (
          <>
            <dt>Owner</dt>
            <dd>{p.owner}</dd>
          </>
        )}
        <dt>File</dt>
        <dd>
          <code>{p.file}</code>
        </dd>
      </dl>
    </article>
  );
}
