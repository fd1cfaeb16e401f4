import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { StepBody } from "@/components/playbooks/step-body";
import { formatDuration } from "@/components/service/format";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RunsList } from "@/components/playbooks/runs-list";
import { StartRun } from "@/components/playbooks/start-run";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { getPlaybook, servicesNamed } from "@/lib/playbooks/queries";
import { playbookRunner } from "@/lib/playbooks/run-runtime";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return { title: `${id} · Playbooks · Opsdeck` };
}

/** /playbooks/<id>: one playbook as written, step by step, with what it cannot run on now. */
export default async function PlaybookPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("/playbooks/[id]");
  const { id } = await params;
  const found = await getPlaybook(decodeURIComponent(id));
  if (!found) notFound();
  const { playbook: p } = found;
  const runs = await playbookRunner().list({ playbookId: p.id, limit: 20 });
  return (
    <>
      <PageHeader title={p.title} description={p.summary} />
      <dl className="mb-6 grid max-w-3xl grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted-foreground">Use</dt>
        <dd>{found.triggers.join("; ")}</dd>
        {p.severity && (
          <>
            <dt className="text-muted-foreground">Severity</dt>
            <dd>{p.severity}</dd>
          </>
        )}
        {p.owner && (
          <>
            <dt className="text-muted-foreground">Owner</dt>
            <dd>{p.owner}</dd>
          </>
        )}
        {p.estimatedDuration && (
          <>
            <dt className="text-muted-foreground">Takes about</dt>
            <dd>{formatDuration(p.estimatedDuration)}</dd>
          </>
        )}
        <dt className="text-muted-foreground">File</dt>
        <dd>
          <code>{found.file}</code>
        </dd>
        {found.matches.length > 0 && (
          <>
            <dt className="text-muted-foreground">Matches now</dt>
            <dd>{found.matches.map((m) => `${m.service}: ${m.observed}`).join("; ")}</dd>
          </>
        )}
      </dl>
      {found.problems.length > 0 && (
        <EmptyState tone="warning" title="This playbook cannot run on the stack as it is" className="mb-6">
          <ul className="list-disc pl-5 font-mono text-xs">
            {found.problems.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </EmptyState>
      )}
      {can(user.role, "playbooks.run") && found.problems.length === 0 && (
        <div id="start" className="mb-6 max-w-3xl scroll-mt-4">
          <StartRun
            playbookId={p.id}
            severity={p.severity}
            services={servicesNamed(p)}
            service={found.matches[0]?.service}
          />
        </div>
      )}
      {runs.length > 0 && (
        <section aria-label="Runs of this playbook" className="mb-6 max-w-3xl">
          <h2 className="mb-2 text-base font-semibold">Runs</h2>
          <RunsList runs={runs} />
        </section>
      )}
      <ol className="max-w-3xl space-y-3" aria-label="Steps">
        {p.steps.map((step, i) => (
          <li key={step.id} id={`step-${step.id}`} className="rounded-lg border border-border bg-surface p-4">
            <header className="mb-2 flex flex-wrap items-center gap-2">
              <span className="text-sm text-muted-foreground tabular-nums">{i + 1}.</span>
              <h2 className="font-semibold">{step.title}</h2>
              <Badge>{step.kind}</Badge>
              {step.when && (
                <span className="text-xs text-muted-foreground">
                  only when <code>{step.when}</code>
                </span>
              )}
            </header>
            <StepBody step={step} />
          </li>
        ))}
      </ol>
    </>
  );
}
