import Link from "next/link";
import { RunsFilter } from "@/components/actions/runs-filter";
import { RunsLiveRefresh } from "@/components/actions/runs-live-refresh";
import { RunsTable } from "@/components/actions/runs-table";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { decodeRunCursor } from "@/lib/actions/queries";
import { readRuns } from "@/lib/actions/read-run";
import { authorize } from "@/lib/auth/access";
import { RUN_STATUSES, type RunStatus } from "@/lib/actions/schemas";
import { requirePage } from "@/lib/auth/page-guard";
import { mapSnapshot } from "@/lib/monitor/runtime";

export const metadata = { title: "Runs · Opsdeck" };
export const dynamic = "force-dynamic";

const PAGE = 50;

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/** /actions: every run of every action, newest first, filtered by service and status. */
export default async function RunsPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requirePage("/actions");
  const actor = await authorize("runs.read", null);

  const q = await searchParams;
  const serviceId = one(q.serviceId)?.slice(0, 200);
  const rawStatus = one(q.status);
  const status = RUN_STATUSES.includes(rawStatus as RunStatus) ? (rawStatus as RunStatus) : undefined;
  const rawBefore = one(q.before);
  const before = rawBefore && !Number.isNaN(Date.parse(rawBefore)) ? new Date(rawBefore) : undefined;
  const rawCursor = one(q.cursor);
  const cursor = rawCursor ? (decodeRunCursor(rawCursor) ?? undefined) : undefined;
  const paged = Boolean(before || cursor);

  const [{ runs, next }, snapshot] = await Promise.all([
    readRuns(actor, { serviceId, status, before, cursor, limit: PAGE }),
    mapSnapshot(),
  ]);
  const services = snapshot.services.map((s) => ({ id: s.id, name: s.name }));
  const names = Object.fromEntries(services.map((s) => [s.id, s.name]));
  const filters = new URLSearchParams();
  if (serviceId) filters.set("serviceId", serviceId);
  if (status) filters.set("status", status);
  const older = next ? new URLSearchParams(filters) : null;
  if (next) older?.set("cursor", next);

  return (
    <>
      <PageHeader
        title="Runs"
        description="Every action run: who ran what on which target, how it went, and its output."
      />
      <RunsFilter services={services} serviceId={serviceId} status={status} />
      <RunsLiveRefresh running={runs.some((r) => r.status === "running")} firstPage={!paged} />
      {rawStatus && !status && (
        <p role="alert" className="mb-3 text-sm text-danger">
          status: expected one of {RUN_STATUSES.join(", ")}; showing every status.
        </p>
      )}
      {runs.length === 0 ? (
        <EmptyState title={paged ? "No older runs" : "No runs yet"}>
          <p>
            {serviceId || status
              ? "No run matches these filters."
              : "Runs appear here once someone runs an action from a service page or the map's context menu."}
          </p>
        </EmptyState>
      ) : (
        <RunsTable runs={runs} serviceNames={names} caption="Action runs, newest first" />
      )}
      <nav aria-label="Pages of runs" className="mt-4 flex gap-2">
        {paged && (
          <Button asChild variant="secondary">
            <Link href={`/actions${filters.size ? `?${filters}` : ""}`}>Newest</Link>
          </Button>
        )}
        {older && (
          <Button asChild variant="secondary">
            <Link href={`/actions?${older}`}>Older runs</Link>
          </Button>
        )}
      </nav>
    </>
  );
}
