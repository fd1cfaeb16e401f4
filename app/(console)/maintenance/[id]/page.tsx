import Link from "next/link";
import { notFound } from "next/navigation";
import { LocalTime } from "@/components/actions/local-time";
import { PageHeader } from "@/components/layout/page-header";
import { WindowList } from "@/components/maintenance/window-list";
import { Badge } from "@/components/ui/badge";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { windowDetail } from "@/lib/maintenance/queries";

export const metadata = { title: "Maintenance window · Opsdeck" };
export const dynamic = "force-dynamic";

const EVENT_LABEL = { announced: "about to start", started: "started", ended: "ended" } as const;

/** One window: its occurrences and the events it wrote (what notifications will send). */
export default async function WindowPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("/maintenance/[id]");
  const raw = (await params).id;
  let id = raw;
  try {
    id = decodeURIComponent(raw);
  } catch {
    // kept as typed: it ends in "not found"
  }
  const detail = await windowDetail(id).catch((error: unknown) => {
    if (isAppError(error) && error.status === 404) notFound();
    throw error;
  });
  const { view } = detail;
  return (
    <>
      <PageHeader
        title={view.title}
        description={view.description ?? undefined}
        actions={
          <Link href="/maintenance" className="text-sm underline underline-offset-2">
            All maintenance
          </Link>
        }
      />
      <p className="mb-4 text-sm text-muted-foreground">
        {view.source === "config" ? "Declared in opsdeck.yml" : `Created by ${detail.createdBy ?? "?"}`}
        {detail.endedBy && ` · ended early by ${detail.endedBy}`}
        {detail.cancelledBy && ` · cancelled by ${detail.cancelledBy}`}
      </p>
      <section aria-labelledby="occ-heading" className="mb-6 space-y-2">
        <h2 id="occ-heading" className="font-semibold">
          Occurrences
        </h2>
        <WindowList
          label="Occurrences"
          views={detail.occurrences.length ? detail.occurrences : [view]}
          empty="No occurrence in the last week or the next month"
          canManage={can(user.role, "maintenance.manage")}
        />
      </section>
      <section aria-labelledby="events-heading" className="space-y-2">
        <h2 id="events-heading" className="font-semibold">
          Events
        </h2>
        {detail.events.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            None yet: the window writes one when it is about to start, starts and ends.
          </p>
        ) : (
          <ol
            className="divide-y divide-border rounded-lg border border-border bg-surface"
            aria-label="Events"
          >
            {detail.events.map((e) => (
              <li
                key={`${e.type}-${e.occurrence}`}
                className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm"
                data-testid="maintenance-event"
              >
                <Badge tone={e.type === "started" ? "maintenance" : "neutral"}>{EVENT_LABEL[e.type]}</Badge>
                <LocalTime iso={e.at} />
                <span>{e.message}</span>
                {e.playbookRunId && (
                  <Link href={`/playbooks/runs/${e.playbookRunId}`} className="underline underline-offset-2">
                    playbook run
                  </Link>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
