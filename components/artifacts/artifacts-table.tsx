"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { LocalTime } from "@/components/actions/local-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-error";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { deleteArtifactAction } from "@/lib/artifacts/actions";
import type { ArtifactRow } from "@/lib/artifacts/queries";

const UNITS = ["B", "KB", "MB", "GB", "TB"];
function size(bytes: number | null): string {
  if (bytes === null) return "—";
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i ? v.toFixed(1) : v} ${UNITS[i]}`;
}

const WHERE: Record<ArtifactRow["location"], string> = {
  file: "console folder",
  volume: "volume",
  qdrant: "Qdrant server",
};

/** Files actions and schedules made: size, checksum, age, the run that made each; download and delete. */
export function ArtifactsTable({ artifacts, canDelete }: { artifacts: ArtifactRow[]; canDelete: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (!artifacts.length)
    return (
      <EmptyState title="No files yet">
        Backups and snapshots appear here when an action or a schedule makes them (for example a{" "}
        <code>postgres.backup</code> action).
      </EmptyState>
    );
  return (
    <>
      <FormError error={error} />
      <Table data-testid="artifacts-table">
        <TableHeader>
          <TableRow>
            <TableHead>File</TableHead>
            <TableHead>Service</TableHead>
            <TableHead>Size</TableHead>
            <TableHead>SHA-256</TableHead>
            <TableHead>Made</TableHead>
            <TableHead>By</TableHead>
            <TableHead className="text-right">
              <span className="sr-only">Download and delete</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {artifacts.map((a) => (
            <TableRow key={a.id} data-testid="artifact-row" data-name={a.name}>
              <TableCell className="max-w-xs break-all">
                <div className="font-mono text-xs">{a.name}</div>
                <div className="text-xs text-muted-foreground">
                  {WHERE[a.location]}
                  {a.deletedAt && (
                    <>
                      {" "}
                      <Badge tone="unknown">deleted by {a.deletedBy}</Badge>
                    </>
                  )}
                </div>
              </TableCell>
              <TableCell className="text-xs">
                <Link className="underline" href={`/services/${encodeURIComponent(a.serviceId)}`}>
                  {a.serviceId}
                </Link>
              </TableCell>
              <TableCell className="text-xs tabular-nums">{size(a.bytes)}</TableCell>
              <TableCell className="font-mono text-xs" title={a.sha256 ?? undefined}>
                {a.sha256 ? `${a.sha256.slice(0, 12)}…` : "—"}
              </TableCell>
              <TableCell className="text-xs">
                <LocalTime iso={a.createdAt} />
              </TableCell>
              <TableCell className="text-xs">
                {a.scheduleId && <div>schedule {a.scheduleId}</div>}
                {a.actionRunId && (
                  <Link className="underline" href={`/actions/runs/${a.actionRunId}`}>
                    run
                  </Link>
                )}
              </TableCell>
              <TableCell className="text-right">
                <div className="flex justify-end gap-1.5">
                  {a.downloadable ? (
                    <Button asChild size="sm" variant="secondary">
                      <a href={`/api/v1/artifacts/${a.id}/download`} download data-testid="artifact-download">
                        Download
                      </a>
                    </Button>
                  ) : (
                    !a.deletedAt && <span className="text-xs text-muted-foreground">{a.needs}</span>
                  )}
                  {canDelete && !a.deletedAt && (
                    <Button
                      size="sm"
                      variant="danger"
                      disabled={pending}
                      aria-label={`Delete ${a.name}`}
                      onClick={() => {
                        if (!window.confirm(`Delete ${a.name}? The file is removed where it lives.`)) return;
                        setError(null);
                        startTransition(async () => {
                          const r = await deleteArtifactAction({ artifactId: a.id });
                          if (!r.ok) setError(r.error.message);
                          router.refresh();
                        });
                      }}
                    >
                      Delete
                    </Button>
                  )}
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
