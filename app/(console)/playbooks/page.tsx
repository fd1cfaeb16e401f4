import Link from "next/link";
import { requirePage } from "@/lib/auth/page-guard";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Playbooks · Opsdeck" };

export default async function PlaybooksPage() {
  await requirePage("/playbooks");
  return (
    <>
      <PageHeader
        title="Playbooks"
        description="Known procedures to run under pressure, one step at a time, without skipping any."
      />
      <EmptyState
        title="Playbooks are not available yet"
        action={
          <Button asChild variant="secondary">
            <Link href="/map">Open the service map</Link>
          </Button>
        }
      >
        <p>
          This page arrives with the playbooks work: procedures declared in <code>playbooks/*.yml</code> with
          instruction, check, action, decision and checklist steps, suggested when a service state matches
          their trigger.
        </p>
        <p>
          Nothing here runs yet. Single steps already work as declared actions on each service&apos;s page
          (restart, logs, backups, queries, smoke tests: <code>docs/actions.md</code> in the Opsdeck
          repository).
        </p>
      </EmptyState>
    </>
  );
}
