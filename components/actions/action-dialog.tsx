"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import type { ActionView, RunView } from "@/lib/actions/schemas";
import { ActionForm } from "./action-form";
import { runHref } from "./format";
import { RunOutput } from "./run-output";

/**
 * Runs one action: its form and confirmation, then its live output in place. Closing the
 * dialog does not stop the run; its page keeps the output.
 */
export function ActionDialog({
  action,
  serviceName,
  trigger,
  open,
  onOpenChange,
  onStarted,
  onEnd,
  returnFocus,
}: {
  action: ActionView;
  serviceName: string;
  /** The button that opens it; focus returns there on close. */
  trigger?: React.ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  onStarted?: (runId: string) => void;
  onEnd?: (run: RunView) => void;
  /** Where focus goes on close when there is no trigger (a context menu that is gone). */
  returnFocus?: () => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {trigger && <DialogTrigger asChild>{trigger}</DialogTrigger>}
      <DialogContent
        className="max-h-[80vh] max-w-2xl overflow-y-auto"
        data-testid="action-dialog"
        onCloseAutoFocus={
          returnFocus
            ? (event) => {
                event.preventDefault();
                returnFocus();
              }
            : undefined
        }
      >
        <Body action={action} serviceName={serviceName} onStarted={onStarted} onEnd={onEnd} />
      </DialogContent>
    </Dialog>
  );
}

/** Mounted with each opening (Radix unmounts closed content), so every opening starts fresh. */
function Body({
  action,
  serviceName,
  onStarted,
  onEnd,
}: {
  action: ActionView;
  serviceName: string;
  onStarted?: (runId: string) => void;
  onEnd?: (run: RunView) => void;
}) {
  const [runId, setRunId] = useState<string | null>(null);
  return (
    <div className="space-y-4">
      <div className="space-y-1 pr-8">
        <DialogTitle>{action.title}</DialogTitle>
        <DialogDescription>
          {serviceName}
          {action.description ? ` · ${action.description}` : ""}
        </DialogDescription>
      </div>
      {runId ? (
        <>
          <RunOutput runId={runId} title={action.title} onEnd={onEnd} autoFocus />
          <div className="flex flex-wrap justify-end gap-2">
            <Button asChild variant="secondary">
              <Link href={runHref(runId)}>Open the run page</Link>
            </Button>
            <DialogClose asChild>
              <Button variant="secondary">Close</Button>
            </DialogClose>
          </div>
        </>
      ) : (
        <ActionForm
          action={action}
          serviceName={serviceName}
          onStarted={(id) => {
            setRunId(id);
            onStarted?.(id);
          }}
        />
      )}
    </div>
  );
}
