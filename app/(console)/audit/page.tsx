import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Audit · Opsdeck" };

export default function AuditPage() {
  return (
    <>
      <PageHeader title="Audit" description="Who did what to which target, with which outcome, and when." />
      <EmptyState
        title="The audit log is not available yet"
        action={
          <Button asChild variant="secondary">
            <Link href="/map">Open the service map</Link>
          </Button>
        }
      >
        <p>
          This page arrives with the actions and audit work: every action and sensitive read recorded with its
          (redacted) parameters, outcome, request id, address and user agent, chained by hash so an edit or a
          deletion is detectable.
        </p>
        <p>
          Today Opsdeck only reads: it changes nothing on your systems, so there is nothing to audit yet. The
          plan is described in <code>docs/</code> and the README of the Opsdeck repository.
        </p>
      </EmptyState>
    </>
  );
}
