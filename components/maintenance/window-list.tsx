import Link from "next/link";
import { LocalTime } from "@/components/actions/local-time";
import { formatDuration } from "@/components/service/format";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import type { OccurrenceView } from "@/lib/maintenance/overview";
import { WindowButtons } from "./window-buttons";

/** One list of occurrences (active, upcoming or recent): when, what, which services, who. */
export function WindowList({
  label,
  views,
  empty,
  canManage,
}: {
  label: string;
  views: OccurrenceView[];
  empty: string;
  canManage: boolean;
}) {
  if (views.length === 0)
    return (
      <EmptyState title={empty} headingLevel="h3">
        <p>Windows declared in opsdeck.yml and planned here are listed together.</p>
      </EmptyState>
    );
  return (
    <ul className="divide-y divide-border rounded-lg border border-border bg-surface" aria-label={label}>
      {views.map((v) => (
        <li
          key={`${v.windowId}-${v.start}`}
          className="flex flex-wrap items-start gap-x-3 gap-y-1 px-3 py-2 text-sm"
          data-testid="maintenance-window"
        >
          <div className="min-w-0 flex-1">
            <p className="flex flex-wrap items-center gap-2">
              <Badge tone={v.state === "active" ? "maintenance" : "neutral"}>{v.state}</Badge>
              <Link
                href={`/maintenance/${encodeURIComponent(v.windowId)}`}
                className="font-medium hover:underline"
              >
                {v.title}
              </Link>
              {v.source === "config" && <Badge>opsdeck.yml</Badge>}
              {v.recurring && (
                <Badge title={`${v.recurring.cron} in ${v.recurring.timeZone}`}>
                  recurring: {v.recurring.cron} ({v.recurring.timeZone}),{" "}
                  {formatDuration(v.recurring.durationMs)}
                </Badge>
              )}
            </p>
            <p className="text-muted-foreground">
              <LocalTime iso={v.start} /> → {v.end ? <LocalTime iso={v.end} /> : "until ended"}
              {v.owner && ` · ${v.owner}`}
              {v.playbook && ` · playbook ${v.playbook}`}
            </p>
            <p className="text-muted-foreground">
              {v.services.length ? v.services.join(", ") : "no service matches its scope now"}
            </p>
            {v.description && <p>{v.description}</p>}
            {v.notes && (
              <p className="text-muted-foreground">
                <span className="font-medium">Internal:</span> {v.notes}
              </p>
            )}
          </div>
          <WindowButtons view={v} canManage={canManage} />
        </li>
      ))}
    </ul>
  );
}
