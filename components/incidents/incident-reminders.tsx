"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { fetchJson } from "@/components/service/fetch-json";
import { formatDuration } from "@/components/service/format";
import type { Reminder } from "@/lib/incidents/reminders";

const EVERY_MS = 15_000;
const TARGET_WORD: Record<Reminder["target"], string> = {
  acknowledge: "acknowledgement",
  update: "public update",
  resolve: "resolution",
};

/**
 * On every console page, for the person signed in: a public update (or another target) of an
 * incident they lead that is due within minutes or missed, and missed targets of severities that
 * name them. Nothing when there is nothing to do.
 */
export function IncidentReminders() {
  const { data } = useQuery({
    queryKey: ["incident-reminders"],
    queryFn: ({ signal }) => fetchJson<{ reminders: Reminder[] }>("/api/v1/incidents/reminders", signal),
    refetchInterval: EVERY_MS,
  });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), EVERY_MS);
    return () => clearInterval(t);
  }, []);
  const reminders = data?.reminders ?? [];
  return (
    <div role="status" aria-live="polite" aria-label="Incident reminders" data-testid="incident-reminders">
      {reminders.length > 0 && (
        <ul className="space-y-1 border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {reminders.map((r) => {
            const left = Date.parse(r.dueAt) - now;
            return (
              <li key={`${r.incidentId}:${r.target}`} data-overdue={r.overdue || left < 0}>
                <span aria-hidden="true">{r.overdue || left < 0 ? "▲ " : "◆ "}</span>
                <Link href={`/incidents/${r.incidentId}`} className="font-medium underline">
                  #{r.number} {r.title}
                </Link>{" "}
                ({r.severity}): {TARGET_WORD[r.target]}{" "}
                {left < 0 ? `overdue by ${formatDuration(-left)}` : `due in ${formatDuration(left)}`}
                {r.as === "escalation" && " (the severity names you for missed targets)"}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
