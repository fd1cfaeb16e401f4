import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ScheduleRunStatus } from "@/lib/schedules/schemas";

/** Each status with a word and a shape, never color alone. */
const LOOK: Record<ScheduleRunStatus, { tone: BadgeTone; mark: string }> = {
  succeeded: { tone: "up", mark: "●" },
  running: { tone: "maintenance", mark: "◐" },
  queued: { tone: "neutral", mark: "○" },
  failed: { tone: "down", mark: "▲" },
  missed: { tone: "degraded", mark: "◆" },
  skipped: { tone: "unknown", mark: "–" },
  cancelled: { tone: "unknown", mark: "×" },
};

export function RunStatusBadge({ status }: { status: ScheduleRunStatus }) {
  const look = LOOK[status];
  return (
    <Badge tone={look.tone} data-testid="schedule-run-status" data-status={status}>
      <span aria-hidden="true">{look.mark}</span>
      {status}
    </Badge>
  );
}
