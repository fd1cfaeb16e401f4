import Link from "next/link";
import { formatRunDuration } from "@/components/actions/format";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { VerifyResult } from "@/lib/audit/verify";

/** The outcome of a chain verification: intact, or where it breaks and why. */
export function VerifyResultView({ result }: { result: VerifyResult }) {
  const again = (
    <Button asChild variant="secondary">
      {/* A full request: every click verifies again from the first record. */}
      <a href="/audit/verify">Verify again</a>
    </Button>
  );
  if (result.ok)
    return (
      <section
        data-testid="verify-result"
        data-ok="true"
        className="max-w-2xl rounded-lg border border-green-300 bg-success-surface p-6 dark:border-green-900"
      >
        <h2 className="text-base font-semibold text-success">
          <span aria-hidden="true">✓ </span>The chain is intact
        </h2>
        <p className="mt-2 text-sm">
          {result.checked.toLocaleString()} records checked
          {result.headSeq > 0 && `, up to #${result.headSeq}`}, in {formatRunDuration(result.ms)}. No record
          was edited, removed or inserted out of order.
        </p>
        <div className="mt-4">{again}</div>
      </section>
    );
  const broken = result.firstBroken;
  return (
    <EmptyState
      tone="error"
      title="The chain is broken"
      data-testid="verify-result"
      data-ok="false"
      data-broken-seq={broken?.seq}
      action={
        <>
          {broken && (
            <Button asChild>
              <Link href={`/audit?before=${broken.seq + 1}`}>Show record #{broken.seq}</Link>
            </Button>
          )}
          {again}
        </>
      }
    >
      {broken && (
        <p className="text-foreground">
          First broken record: <strong>#{broken.seq}</strong>: {broken.reason}
        </p>
      )}
      <p>
        {result.checked.toLocaleString()} records checked in {formatRunDuration(result.ms)}
        {result.headSeq > 0 ? `; records up to #${result.headSeq} are intact.` : "."} A record was edited or
        removed in the database after it was written: compare with an export or a backup, and find out who has
        write access to the audit table.
      </p>
    </EmptyState>
  );
}
