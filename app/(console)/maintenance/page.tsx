import { PageHeader } from "@/components/layout/page-header";
import { MaintenanceRefresh } from "@/components/maintenance/window-buttons";
import { WindowForm } from "@/components/maintenance/window-form";
import { WindowList } from "@/components/maintenance/window-list";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { maintenanceOverview } from "@/lib/maintenance/queries";
import { mapSnapshot } from "@/lib/monitor/runtime";
import { playbooksView } from "@/lib/playbooks/runtime";

export const metadata = { title: "Maintenance · Opsdeck" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;

const SECTIONS = [
  { key: "active", label: "In progress", note: "", empty: "Nothing in maintenance now" },
  { key: "upcoming", label: "Upcoming", note: "next 30 days", empty: "Nothing planned" },
  { key: "recent", label: "Recent", note: "last 7 days", empty: "No maintenance in the last 7 days" },
] as const;

/** /maintenance: windows on now, coming up and recently over; plan one, end or cancel one. */
export default async function MaintenancePage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePage("/maintenance");
  const q = await searchParams;
  const canManage = can(user.role, "maintenance.manage");
  const [overview, snapshot, playbooks] = await Promise.all([
    maintenanceOverview(),
    mapSnapshot(),
    playbooksView(),
  ]);
  const boundaries = [...overview.active.map((v) => v.end), ...overview.upcoming.map((v) => v.start)]
    .filter((t): t is string => t !== null)
    .map((t) => Date.parse(t));
  const service = typeof q.service === "string" ? q.service.slice(0, 200) : undefined;
  return (
    <>
      <PageHeader
        title="Maintenance"
        description="Planned work: services in a window show maintenance, open no incident, and their uptime leaves the window out."
        actions={
          canManage ? (
            <WindowForm
              services={snapshot.services.map((s) => ({ id: s.id, name: s.name }))}
              stacks={snapshot.stacks.map((s) => ({ id: s.id, name: s.name }))}
              tags={[...new Set(snapshot.services.flatMap((s) => s.tags))].sort()}
              playbooks={playbooks.playbooks.map((p) => ({ id: p.playbook.id, title: p.playbook.title }))}
              service={service}
            />
          ) : undefined
        }
      />
      <MaintenanceRefresh nextAt={boundaries.length ? Math.min(...boundaries) : null} />
      {!canManage && (
        <p className="mb-4 text-sm text-muted-foreground">
          You need the operator role to plan, end or cancel maintenance.
        </p>
      )}
      {overview.problems.map((p) => (
        <p key={p} role="alert" className="mb-2 text-sm text-warning">
          {p}
        </p>
      ))}
      <div className="space-y-6">
        {SECTIONS.map(({ key, label, note, empty }) => (
          <section key={key} aria-labelledby={`${key}-heading`} className="space-y-2">
            <h2 id={`${key}-heading`} className="font-semibold">
              {label} {note && <span className="font-normal text-muted-foreground">({note})</span>}
            </h2>
            <WindowList label={label} views={overview[key]} empty={empty} canManage={canManage} />
          </section>
        ))}
      </div>
    </>
  );
}
