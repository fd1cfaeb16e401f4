"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { FormError } from "@/components/ui/form-error";
import { ConfirmButton } from "@/components/users/confirm-button";
import { useAction } from "@/components/users/use-action";
import { cancelWindowAction, endWindowAction } from "@/lib/maintenance/actions";
import type { OccurrenceView } from "@/lib/maintenance/overview";

/**
 * End now and cancel, for those allowed (`maintenance.manage`); shown disabled to others (the
 * page says why). Windows declared in opsdeck.yml change in the file.
 */
export function WindowButtons({ view, canManage }: { view: OccurrenceView; canManage: boolean }) {
  const router = useRouter();
  const end = useAction(endWindowAction);
  const cancel = useAction(cancelWindowAction);
  if (!view.canEnd && !view.canCancel) return null;
  return (
    <span className="flex items-center gap-2">
      {view.canEnd && (
        <ConfirmButton
          size="sm"
          variant="secondary"
          disabled={!canManage || end.pending}
          title={`End "${view.title}" now?`}
          description="Its services leave maintenance at once and show their real state; failures count again."
          confirmLabel="End now"
          aria-label={`End ${view.title} now`}
          data-testid="maintenance-end"
          onConfirm={() => end.run({ windowId: view.windowId }, () => router.refresh())}
        >
          End now
        </ConfirmButton>
      )}
      {view.canCancel && (
        <ConfirmButton
          size="sm"
          variant="ghost"
          disabled={!canManage || cancel.pending}
          title={`Cancel "${view.title}"?`}
          description={
            view.recurring
              ? "No occurrence of it happens from now on (one in progress ends now)."
              : "It will not happen; the cancellation is audited."
          }
          confirmLabel="Cancel the window"
          aria-label={`Cancel ${view.title}`}
          data-testid="maintenance-cancel"
          onConfirm={() => cancel.run({ windowId: view.windowId }, () => router.refresh())}
        >
          Cancel
        </ConfirmButton>
      )}
      <FormError error={end.error ?? cancel.error} />
    </span>
  );
}

/** Re-renders the page when the next window starts or ends (and every 30 s), so it never shows a stale state. */
export function MaintenanceRefresh({ nextAt }: { nextAt: number | null }) {
  const router = useRouter();
  useEffect(() => {
    const timers = [setInterval(() => document.visibilityState === "visible" && router.refresh(), 30_000)];
    const wait = nextAt === null ? null : nextAt - Date.now() + 250;
    const once =
      wait !== null && wait < 86_400_000 ? setTimeout(() => router.refresh(), Math.max(0, wait)) : null;
    return () => {
      timers.forEach(clearInterval);
      if (once) clearTimeout(once);
    };
  }, [nextAt, router]);
  return null;
}
