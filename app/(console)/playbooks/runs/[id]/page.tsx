import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { RunView } from "@/components/playbooks/run-view";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { readPlaybookRun } from "@/lib/playbooks/run-queries";

export const metadata = { title: "Playbook run · Opsdeck" };
export const dynamic = "force-dynamic";

/** /playbooks/runs/<id>: one run, live for everyone who has it open. */
export default async function PlaybookRunPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("/playbooks/runs/[id]");
  const { id } = await params;
  const run = await readPlaybookRun(id);
  if (!run) notFound();
  return (
    <>
      <PageHeader
        title={run.title}
        description={
          <>
            A run of the playbook{" "}
            <Link href={`/playbooks/${encodeURIComponent(run.playbookId)}`} className="underline">
              {run.playbookId}
            </Link>
            , as it was when the run started.
          </>
        }
      />
      <RunView
        initial={run}
        canAct={can(user.role, "playbooks.run")}
        me={{ id: user.id, email: user.email, role: user.role }}
      />
    </>
  );
}
