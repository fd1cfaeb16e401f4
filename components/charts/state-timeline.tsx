"use client";

import type { ServiceHistory } from "@/lib/monitor/service-views";
import { STATE_FILL } from "./chart-format";
import { formatDuration, formatTime } from "@/components/service/format";

/**
 * The service's state over the range as one band, from its recorded state changes. Each
 * segment has a title for pointer users; the same segments are listed for screen readers.
 */
export function StateTimeline({ history }: { history: ServiceHistory }) {
  const span = history.to - history.from;
  const segments = history.timeline;
  return (
    <figure data-testid="state-timeline" className="min-w-0">
      <figcaption className="mb-1 text-sm font-medium">Service state</figcaption>
      <div className="relative h-6 w-full overflow-hidden rounded bg-muted" aria-hidden="true">
        {segments.map((s) => (
          <div
            key={`${s.from}-${s.state}`}
            data-state={s.state}
            className={`absolute inset-y-0 ${STATE_FILL[s.state] ?? STATE_FILL.unknown}`}
            style={{
              left: `${((s.from - history.from) / span) * 100}%`,
              width: `${Math.max(((s.to - s.from) / span) * 100, 0.3)}%`,
            }}
            title={`${s.state} · ${formatTime(s.from)} – ${formatTime(s.to)} (${formatDuration(s.to - s.from)}): ${s.reason}`}
          />
        ))}
      </div>
      <div className="mt-1 flex justify-between text-xs text-muted-foreground" aria-hidden="true">
        <span>{formatTime(history.from)}</span>
        <span>now</span>
      </div>
      <ul className="sr-only">
        {segments.map((s) => (
          <li key={`${s.from}-${s.state}`}>
            {s.state === "nodata" ? "no state recorded" : s.state} from {formatTime(s.from)} for{" "}
            {formatDuration(s.to - s.from)}: {s.reason}
          </li>
        ))}
      </ul>
    </figure>
  );
}
