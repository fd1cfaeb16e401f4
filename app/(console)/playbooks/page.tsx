import Link from "next/link";
import { PlaybookList } from "@/components/playbooks/playbook-list";
import { RunsList } from "@/components/playbooks/runs-list";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { listPlaybooks } from "@/lib/playbooks/queries";
import { playbookRunner } from "@/lib/playbooks/run-runtime";

export const metadata = { title: "Playbooks · Opsdeck" };
export const dynamic = "force-dynamic";

/** /playbooks: the procedures declared in playbooks/*.yml, searchable, with those that match the stack now. */
export default async function PlaybooksPage() {
  const user = await requirePage("/playbooks");
  const [{ playbooks, errors, dir }, recent] = await Promise.all([
    listPlaybooks(),
    playbookRunner().list({ limit: 30 }),
  ]);
  const underWay = recent.filter((r) => r.status === "running" || r.status === "paused");
  const suggested = playbooks.filter((p) => p.matches.length > 0).length;
  return (
    <>
      <PageHeader
        title="Playbooks"
        description={
          suggested > 0
            ? `Known procedures to run under pressure, one step at a time. ${suggested} match the stack's state now.`
            : "Known procedures to run under pressure, one step at a time, without skipping any."
        }
        actions={
          can(user.role, "playbooks.run") && (
            <Button asChild variant="secondary">
              <Link href="/playbooks/import">Import a runbook</Link>
            </Button>
          )
        }
      />
      {errors.length > 0 && (
        <EmptyState tone="warning" title="Some playbook files have errors" className="mb-4 max-w-none">
          {can(user.role, "config.manage") ? (
            <ul className="list-disc pl-5 font-mono text-xs">
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          ) : (
            <p>
              {errors.length} error(s); an admin sees them here and on <code>/api/health</code>.
            </p>
          )}
          <p>The last good version of each file stays in effect.</p>
        </EmptyState>
      )}
      {underWay.length > 0 && (
        <section aria-label="Runs under way" className="mb-6">
          <h2 className="mb-2 text-base font-semibold">Runs under way</h2>
          <RunsList runs={underWay} showTitle />
        </section>
      )}
      {playbooks.length === 0 ? (
        <EmptyState title="No playbooks yet">
          <p>
            Declare procedures as YAML files in <code>{dir}</code> (one playbook per file, beside{" "}
            <code>opsdeck.yml</code>); they appear here as soon as they are saved. Editors validate them with{" "}
            <code>/playbook.schema.json</code>; <code>docs/playbooks.md</code> in the Opsdeck repository
            describes every step kind.
          </p>
        </EmptyState>
      ) : (
        <PlaybookList playbooks={playbooks} />
      )}
    </>
  );
}
