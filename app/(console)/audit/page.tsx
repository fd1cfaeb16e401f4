import Link from "next/link";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { auditPage } from "@/lib/audit/read";
import { can } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/page-guard";
import { Validation } from "@/lib/errors";

export const metadata = { title: "Audit · Opsdeck" };
export const dynamic = "force-dynamic";

const FILTERS = ["actor", "action", "target", "outcome", "runId", "from", "to"] as const;
type Search = Record<string, string | string[] | undefined>;

/** /audit: who did what to which target, with which outcome; filterable, exportable, verifiable. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePage("/audit");

  const q = await searchParams;
  const filters = new URLSearchParams();
  for (const key of FILTERS) {
    const v = q[key];
    if (typeof v === "string" && v.trim()) filters.set(key, v.trim());
  }
  const query = new URLSearchParams(filters);
  if (typeof q.before === "string" && q.before) query.set("before", q.before);

  let page: Awaited<ReturnType<typeof auditPage>> | null = null;
  let invalid: string | null = null;
  try {
    page = await auditPage(query);
  } catch (error) {
    if (!(error instanceof Validation)) throw error;
    invalid = error.message;
  }
  const exportHref = (format: string) =>
    `/api/v1/audit/export?${new URLSearchParams([["format", format], ...filters])}`;
  const older = page?.nextBefore
    ? new URLSearchParams([...filters, ["before", String(page.nextBefore)]])
    : null;

  return (
    <>
      <PageHeader
        title="Audit"
        description="Every mutation and sensitive read: who, from where, what, on which target, and how it ended. Chained by hash, so an edit or a deletion shows."
        actions={
          <>
            <Button asChild variant="secondary" size="sm">
              <a href={exportHref("csv")} download data-testid="audit-export-csv">
                Export CSV
              </a>
            </Button>
            <Button asChild variant="secondary" size="sm">
              <a href={exportHref("jsonl")} download data-testid="audit-export-jsonl">
                Export JSONL
              </a>
            </Button>
            {can(user?.role, "audit.verify") && (
              <Button asChild variant="secondary" size="sm">
                <Link href="/audit/verify">Verify chain</Link>
              </Button>
            )}
          </>
        }
      />
      <AuditFilters values={Object.fromEntries(filters)} />
      {invalid && (
        <p
          role="alert"
          className="mb-4 rounded-md border border-red-300 bg-danger-surface px-3 py-2 text-sm text-danger dark:border-red-900"
        >
          These filters cannot be applied: {invalid}
        </p>
      )}
      {page &&
        (page.events.length === 0 ? (
          <EmptyState title={query.has("before") ? "No older events" : "No events"}>
            <p>{filters.size ? "No event matches these filters." : "Nothing has been recorded yet."}</p>
          </EmptyState>
        ) : (
          <AuditTable events={page.events} />
        ))}
      <nav aria-label="Pages of the audit log" className="mt-4 flex gap-2">
        {query.has("before") && (
          <Button asChild variant="secondary">
            <Link href={`/audit${filters.size ? `?${filters}` : ""}`}>Newest</Link>
          </Button>
        )}
        {older && (
          <Button asChild variant="secondary">
            <Link href={`/audit?${older}`}>Older events</Link>
          </Button>
        )}
      </nav>
    </>
  );
}
