"use client";

import { Dialog, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { ConsoleHealthDetails } from "./console-health-details";
import { dependencyPills, PillView } from "./dependency-pills";
import { DownSummary } from "./down-summary";
import { useConsoleHealth } from "./use-console-health";

/**
 * Always visible, always one line high: what is down, and whether the console itself can see
 * (Docker, database, Redis, config). The dependency pills open the details with what to do.
 */
export function StatusStrip() {
  const { data: health, isError } = useConsoleHealth();
  const pills = health ? dependencyPills(health) : [];
  const problems = pills.filter((p) => p.tone === "bad").length;

  return (
    <div
      role="region"
      aria-label="Live status"
      className="flex h-10 shrink-0 items-center gap-4 overflow-hidden border-b border-border bg-surface px-4"
    >
      <DownSummary />
      <div className="ml-auto flex shrink-0 items-center">
        {isError ? (
          <p role="alert" className="text-xs font-semibold text-danger">
            <span aria-hidden="true">▲ </span>Opsdeck&apos;s server is not answering; retrying.
          </p>
        ) : !health ? (
          <Skeleton className="h-5 w-64" />
        ) : (
          // A Radix trigger: Escape or closing returns focus to it.
          <Dialog>
            <DialogTrigger
              data-testid="console-health"
              data-problems={problems}
              className="flex items-center gap-1 rounded px-1 py-0.5 hover:bg-accent"
            >
              <span className="sr-only">Console health{problems ? `, ${problems} problem(s)` : ""}: </span>
              {pills.map((p) => (
                <PillView key={p.key} pill={p} />
              ))}
            </DialogTrigger>
            <DialogContent className="max-w-xl">
              <DialogTitle>Console health</DialogTitle>
              <DialogDescription className="mb-3">
                What Opsdeck itself needs to watch your services.
              </DialogDescription>
              <ConsoleHealthDetails health={health} />
            </DialogContent>
          </Dialog>
        )}
      </div>
    </div>
  );
}
