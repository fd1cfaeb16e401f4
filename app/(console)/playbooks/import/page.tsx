import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { RunbookImport } from "@/components/playbooks/runbook-import";
import { Button } from "@/components/ui/button";
import { requirePage } from "@/lib/auth/page-guard";
import { currentImportCatalog } from "@/lib/runbook-import/queries";

export const metadata = { title: "Import a runbook · Opsdeck" };
export const dynamic = "force-dynamic";

/**
 * /playbooks/import: a markdown runbook in, draft playbooks out, converted in the browser against
 * the stack's checks and actions. Nothing is saved or run here: the drafts are downloaded for review.
 */
export default async function RunbookImportPage() {
  await requirePage("/playbooks/import");
  const catalog = await currentImportCatalog();
  return (
    <>
      <PageHeader
        title="Import a runbook"
        description="Paste or upload a markdown runbook: each procedure becomes a draft playbook, its commands instruction steps to copy, with the declared checks and actions they match suggested beside them. Nothing in the runbook is run."
        actions={
          <Button asChild variant="secondary">
            <Link href="/playbooks">Back to playbooks</Link>
          </Button>
        }
      />
      <RunbookImport catalog={catalog} />
    </>
  );
}
