"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Section } from "@/components/service/section";
import { Skeleton } from "@/components/ui/skeleton";
import { can } from "@/lib/auth/permissions";
import { isRole } from "@/lib/auth/roles";
import { ActionButtons } from "./action-buttons";
import { RunsTable } from "./runs-table";
import { RUNS_KEY, useRecentRuns, useServiceActions } from "./use-actions";
import { shownActions } from "./visibility";

const RECENT = 5;
const RUN_PERMISSIONS = [
  "actions.run.safe",
  "actions.run.destructive",
  "actions.run.privileged",
  "logs.read",
  "data.read",
] as const;

/**
 * The service page's actions: a button for each action this person may run, and the last
 * runs on this service. A finished run refreshes the runs and the containers it changed.
 */
export function ActionsPanel({
  serviceId,
  serviceName,
  role,
  version,
}: {
  serviceId: string;
  serviceName: string;
  role: string;
  /** Changes with the service's containers: a container parameter lists the current ones. */
  version: string;
}) {
  const client = useQueryClient();
  const r = isRole(role) ? role : null;
  const readsRuns = can(r, "runs.read");
  const mayRun = RUN_PERMISSIONS.some((p) => can(r, p));
  const actions = useServiceActions(mayRun ? serviceId : null, version);
  const runs = useRecentRuns({ serviceId, limit: RECENT }, readsRuns);
  const shown = actions.data ? shownActions(actions.data, role) : [];
  const refresh = () => {
    void client.invalidateQueries({ queryKey: [RUNS_KEY] });
    void client.invalidateQueries({ queryKey: ["service-containers", serviceId] });
  };

  // Nothing here for a role that may neither run nor see runs: no empty panel to wonder about.
  if (!readsRuns && (!mayRun || (actions.data && shown.length === 0))) return null;

  return (
    <Section
      id="actions"
      title="Actions"
      description="Each run is checked against your role, recorded in the audit log, and streams its output."
    >
      {/* Data first: a failed refetch must not unmount a dialog that is showing a run. */}
      {actions.data ? (
        shown.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            {actions.data.length === 0
              ? "This service has no actions. Declare some under actions: in opsdeck.yml."
              : `Your role (${role}) cannot run this service's actions.`}
          </p>
        ) : (
          <ActionButtons shown={shown} serviceName={serviceName} onStarted={refresh} onEnd={refresh} />
        )
      ) : actions.error ? (
        <p role="alert" className="text-sm text-danger">
          {actions.error.message}
        </p>
      ) : mayRun ? (
        <div role="status">
          <span className="sr-only">Loading actions…</span>
          <Skeleton className="h-9 w-80 max-w-full" />
        </div>
      ) : null}
      {readsRuns && (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold">Recent runs</h3>
          {runs.data ? (
            runs.data.runs.length === 0 ? (
              <p className="text-sm text-muted-foreground">No runs on this service yet.</p>
            ) : (
              <RunsTable
                runs={runs.data.runs}
                showService={false}
                caption={`Recent runs on ${serviceName}`}
              />
            )
          ) : runs.error ? (
            <p role="alert" className="text-sm text-danger">
              {runs.error.message}
            </p>
          ) : (
            <Skeleton className="h-16 w-full" />
          )}
          <p className="text-sm">
            <Link
              className="underline underline-offset-2"
              href={`/actions?serviceId=${encodeURIComponent(serviceId)}`}
            >
              All runs on {serviceName}
            </Link>
          </p>
        </div>
      )}
    </Section>
  );
}
