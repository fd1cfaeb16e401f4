import Link from "next/link";
import { requirePage } from "@/lib/auth/page-guard";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Incidents · Opsdeck" };

export default async function IncidentsPage() {
  await requirePage("/incidents");
  return (
    <>
      <PageHeader
        title="Incidents"
        description="Declared incidents: severity, status, commander, affected services, and a timeline of everything that happened."
      />
      <EmptyState
        title="Incidents are not available yet"
        action={
          <Button asChild variant="secondary">
            <Link href="/map">Open the service map</Link>
          </Button>
        }
      >
        <p>
          This page arrives with the incidents work: declare an incident with a severity (P1 to P4), a
          commander and the affected services; its timeline collects health changes, actions, notes and public
          updates.
        </p>
        <p>
          Until then, the service map and each service&apos;s page show what is down, why, and since when, and
          the audit log (operators) shows every action taken and by whom.
        </p>
      </EmptyState>
    </>
  );
}
