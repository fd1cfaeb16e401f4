import Link from "next/link";
import { Suspense } from "react";
import { VerifyResultView } from "@/components/audit/verify-result";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { verifyAuditChain } from "@/lib/audit/read";
import { authorize } from "@/lib/auth/access";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "Verify the audit chain · Opsdeck" };
export const dynamic = "force-dynamic";

/** /audit/verify: recomputes every record's hash and names the first that does not fit. */
export default async function VerifyPage() {
  await requirePage("/audit/verify");
  return (
    <>
      <PageHeader
        title="Verify the audit chain"
        description="Each record carries the hash of the one before it. Verification recomputes them all, in order, and stops at the first that does not match."
        actions={
          <Button asChild variant="secondary" size="sm">
            <Link href="/audit">Back to the audit log</Link>
          </Button>
        }
      />
      <Suspense
        fallback={
          <div role="status" className="max-w-2xl space-y-2">
            <p className="text-sm text-muted-foreground">Verifying every record…</p>
            <Skeleton className="h-24 w-full" />
          </div>
        }
      >
        <Verification />
      </Suspense>
    </>
  );
}

async function Verification() {
  // The check is itself audited, under the actor who asked for it.
  const actor = await authorize("audit.verify", null);
  return <VerifyResultView result={await verifyAuditChain(actor)} />;
}
