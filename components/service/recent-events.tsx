"use client";

import { StateBadge } from "@/components/service-map/state-badge";
import { Badge } from "@/components/ui/badge";
import type { ServiceEvents } from "@/lib/monitor/service-views";
import { formatTime } from "./format";

type Row =
  | { kind: "change"; at: string; key: string; what: string; from: string | null; to: string; reason: string }
  | { kind: "container"; at: string; key: string; what: string; action: string; detail?: string };

const ACTION_TONE: Record<string, "up" | "down" | "degraded" | "neutral"> = {
  start: "up",
  restart: "degraded",
  die: "down",
  oom: "down",
  kill: "down",
  stop: "neutral",
};

/** State changes and container events interleaved, newest first: what happened, in order. */
export function RecentEvents({ events }: { events: ServiceEvents }) {
  const rows: Row[] = [
    ...events.changes.map((c, i) => ({
      kind: "change" as const,
      at: c.at,
      key: `c${i}`,
      what: c.scope === "check" ? `check ${c.checkId}` : "service",
      from: c.from,
      to: c.to,
      reason: c.reason,
    })),
    ...events.containerEvents.map((e, i) => ({
      kind: "container" as const,
      at: e.at,
      key: `e${i}`,
      what: e.containerName || e.containerId.slice(0, 12),
      action: e.action,
      detail: e.detail,
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));

  return (
    <div className="space-y-2">
      {events.problems.map((p) => (
        <p key={p} role="status" className="text-sm text-warning">
          {p}
        </p>
      ))}
      {rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          Nothing recorded yet: state changes appear here as they happen, and Docker events of the last day
          while the engine remembers them.
        </p>
      ) : (
        <ol className="divide-y divide-border text-sm" data-testid="recent-events">
          {rows.slice(0, 60).map((r) => (
            <li key={r.key} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-1.5">
              <time dateTime={r.at} className="w-36 shrink-0 text-xs text-muted-foreground tabular-nums">
                {formatTime(r.at)}
              </time>
              <span className="w-40 shrink-0 truncate font-medium" title={r.what}>
                {r.what}
              </span>
              {r.kind === "change" ? (
                <span className="flex min-w-0 flex-1 flex-wrap items-center gap-1.5">
                  {r.from ? (
                    <StateBadge state={r.from} />
                  ) : (
                    <span className="text-muted-foreground">new</span>
                  )}
                  <span aria-label="to">→</span>
                  <StateBadge state={r.to} />
                  <span className="min-w-0 break-words">{r.reason}</span>
                </span>
              ) : (
                <span className="flex min-w-0 flex-1 items-center gap-1.5">
                  <Badge tone={ACTION_TONE[r.action] ?? "neutral"}>
                    container {r.action.replace("_", " ")}
                  </Badge>
                  {r.detail && <span>{r.detail}</span>}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
