"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import { pauseScheduleAction, resumeScheduleAction, runScheduleNowAction } from "@/lib/schedules/actions";
import type { ScheduleView } from "@/lib/schedules/schemas";

/** Run now, pause (with a reason) and resume; each audited on the server. */
export function ScheduleControls({
  schedule,
  canManage,
  onDone,
}: {
  schedule: ScheduleView;
  canManage: boolean;
  onDone: () => void;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const act = (fn: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>) =>
    startTransition(async () => {
      setError(null);
      const result = await fn();
      if (!result.ok) setError(result.error.message);
      onDone();
    });
  if (!canManage) return <span className="text-xs text-muted-foreground">needs schedules.manage</span>;
  const label = schedule.name;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-1.5">
        <Button
          size="sm"
          variant="secondary"
          disabled={pending || !schedule.enabled}
          aria-label={`Run ${label} now`}
          data-testid="schedule-run-now"
          onClick={() => act(() => runScheduleNowAction({ scheduleId: schedule.id }))}
        >
          Run now
        </Button>
        {schedule.paused ? (
          <Button
            size="sm"
            variant="secondary"
            disabled={pending}
            aria-label={`Resume ${label}`}
            data-testid="schedule-resume"
            onClick={() => act(() => resumeScheduleAction({ scheduleId: schedule.id }))}
          >
            Resume
          </Button>
        ) : (
          <Button
            size="sm"
            variant="secondary"
            disabled={pending || !schedule.enabled}
            aria-label={`Pause ${label}`}
            data-testid="schedule-pause"
            onClick={() => setAsking(true)}
          >
            Pause
          </Button>
        )}
      </div>
      {asking && !schedule.paused && (
        <form
          className="flex gap-1.5"
          onSubmit={(e) => {
            e.preventDefault();
            setAsking(false);
            act(() =>
              pauseScheduleAction({
                scheduleId: schedule.id,
                ...(reason.trim() ? { reason: reason.trim() } : {}),
              }),
            );
          }}
        >
          <Input
            aria-label={`Why pause ${label}`}
            placeholder="Why (optional)"
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            className="h-8 w-56 text-xs"
            data-testid="schedule-pause-reason"
          />
          <Button size="sm" type="submit" disabled={pending} data-testid="schedule-pause-confirm">
            Pause it
          </Button>
          <Button size="sm" variant="ghost" type="button" onClick={() => setAsking(false)}>
            Cancel
          </Button>
        </form>
      )}
      <FormError error={error} />
    </div>
  );
}
