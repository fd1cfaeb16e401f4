"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import type { ActionView, RunView } from "@/lib/actions/schemas";
import { ActionDialog } from "./action-dialog";
import type { ShownAction } from "./visibility";

/**
 * One button per action the person may see. Actions configuration turned off stay reachable
 * by keyboard (aria-disabled, not disabled) so their reason can be read, and do nothing.
 */
export function ActionButtons({
  shown,
  serviceName,
  onStarted,
  onEnd,
}: {
  shown: readonly ShownAction[];
  serviceName: string;
  onStarted?: (action: ActionView, runId: string) => void;
  onEnd?: (run: RunView) => void;
}) {
  const reasonId = useId();
  const reasons = [
    ...new Set(shown.filter((s) => s.disabled).map((s) => s.action.disabledReason ?? "")),
  ].filter(Boolean);
  return (
    <div className="space-y-2">
      <ul className="flex flex-wrap gap-2" aria-label="Actions">
        {shown.map(({ action, disabled }) => (
          <li key={action.id}>
            {disabled ? (
              <Button
                variant="secondary"
                aria-disabled="true"
                aria-describedby={reasonId}
                title={action.disabledReason}
                className="cursor-not-allowed opacity-60"
                data-testid={`action-${action.id}`}
              >
                {action.title}
              </Button>
            ) : (
              <ActionDialog
                action={action}
                serviceName={serviceName}
                onStarted={(runId) => onStarted?.(action, runId)}
                onEnd={onEnd}
                trigger={
                  <Button variant="secondary" title={action.description} data-testid={`action-${action.id}`}>
                    {action.title}
                  </Button>
                }
              />
            )}
          </li>
        ))}
      </ul>
      {reasons.length > 0 && (
        <p id={reasonId} className="text-sm text-muted-foreground" data-testid="actions-disabled-reason">
          Not available: {reasons.join("; ")}.
        </p>
      )}
    </div>
  );
}
