"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { LocalTime } from "@/components/actions/local-time";
import { type Send } from "@/components/live/use-live-record";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { EntryKind, TimelineEntry } from "@/lib/incidents/types";

/** The incident's timeline: filters by kind, pinned entries, pin and hide, drawn a page at a time. */

const KIND_WORD: Record<EntryKind, string> = {
  declared: "declared",
  status: "status",
  severity: "severity",
  role: "roles",
  note: "notes",
  event: "notes",
  public: "public updates",
  health: "health",
  action: "actions",
  playbook: "playbooks",
  maintenance: "maintenance",
  curation: "edits",
  "follow-up": "follow-ups",
};

/** Entries drawn at first, and added per "show older": a long timeline stays quick to open. */
const PAGE = 200;

export function Timeline({
  entries,
  total,
  loadAll,
  canManage,
  send,
  pending,
}: {
  entries: TimelineEntry[];
  total: number;
  loadAll: () => void;
  canManage: boolean;
  send: Send;
  pending: boolean;
}) {
  const [drawn, setDrawn] = useState(PAGE);
  const kinds = useMemo(() => [...new Set(entries.map((e) => KIND_WORD[e.kind] ?? e.kind))], [entries]);
  const [off, setOff] = useState<Set<string>>(new Set(["edits"]));
  const [showHidden, setShowHidden] = useState(false);
  const shown = entries.filter((e) => !off.has(KIND_WORD[e.kind] ?? e.kind) && (showHidden || !e.hidden));
  const pinned = entries.filter((e) => e.pinned && !e.hidden);
  return (
    <aside aria-label="Timeline" className="space-y-3">
      <h2 className="text-base font-semibold">Timeline</h2>
      <fieldset className="flex flex-wrap gap-x-3 gap-y-1 text-xs">
        <legend className="sr-only">Show</legend>
        {kinds.map((k) => (
          <label key={k} className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={!off.has(k)}
              onChange={(e) =>
                setOff((s) => {
                  const next = new Set(s);
                  if (e.target.checked) next.delete(k);
                  else next.add(k);
                  return next;
                })
              }
            />
            {k}
          </label>
        ))}
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} />
          hidden entries
        </label>
      </fieldset>
      {pinned.length > 0 && (
        <section aria-label="Pinned" className="rounded-md border border-amber-300 p-2 dark:border-amber-800">
          <h3 className="mb-1 text-sm font-semibold">Pinned</h3>
          <ol className="space-y-1 text-sm">
            {pinned.map((e) => (
              <li key={e.ref}>
                <LocalTime iso={e.at} className="text-xs text-muted-foreground" /> {e.message}
              </li>
            ))}
          </ol>
        </section>
      )}
      <ol className="space-y-2 text-sm" data-testid="incident-timeline">
        {[...shown]
          .reverse()
          .slice(0, drawn)
          .map((e) => (
            <li
              key={e.ref}
              data-kind={e.kind}
              className={`border-l-2 pl-3 ${e.public ? "border-blue-500" : "border-border"} ${e.hidden ? "opacity-60" : ""}`}
            >
              <p>
                {e.public && <Badge tone="maintenance">public</Badge>} {e.message}
                {e.link && (
                  <>
                    {" "}
                    <Link href={e.link.href} className="underline">
                      {e.link.label}
                    </Link>
                  </>
                )}
              </p>
              <p className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                <LocalTime iso={e.at} /> · {e.actor}
                {e.recordedAt && (
                  <span>
                    · recorded <LocalTime iso={e.recordedAt} />
                  </span>
                )}
                {canManage && (
                  <>
                    <button
                      type="button"
                      className="underline"
                      disabled={pending}
                      onClick={() => void send({ type: "curate", ref: e.ref, pinned: !e.pinned })}
                    >
                      {e.pinned ? "unpin" : "pin"}
                    </button>
                    <button
                      type="button"
                      className="underline"
                      disabled={pending}
                      onClick={() => void send({ type: "curate", ref: e.ref, hidden: !e.hidden })}
                    >
                      {e.hidden ? "show" : "hide"}
                    </button>
                  </>
                )}
              </p>
            </li>
          ))}
      </ol>
      {(shown.length > drawn || entries.length < total) && (
        <p className="text-sm text-muted-foreground">
          {shown.length > drawn ? (
            <Button variant="secondary" size="sm" onClick={() => setDrawn((n) => n + PAGE)}>
              Show {Math.min(PAGE, shown.length - drawn)} older entries
            </Button>
          ) : (
            <>
              The newest {entries.length} of {total} entries are shown.{" "}
              <Button variant="secondary" size="sm" onClick={loadAll}>
                Load them all
              </Button>
            </>
          )}
        </p>
      )}
    </aside>
  );
}
