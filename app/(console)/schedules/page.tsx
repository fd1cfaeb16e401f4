import { PageHeader } from "@/components/layout/page-header";
import { SchedulesTable } from "@/components/schedules/schedules-table";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { listSchedules } from "@/lib/schedules/queries";

export const metadata = { title: "Schedules · Opsdeck" };
export const dynamic = "force-dynamic";

/** /schedules: what runs by itself, when it runs next, how its last runs went. */
export default async function SchedulesPage() {
  const user = await requirePage("/schedules");
  const initial = await listSchedules();
  return (
    <>
      <PageHeader
        title="Schedules"
        description={`Actions and playbooks that run by themselves, from opsdeck.yml. Times are yours; each schedule names its own time zone (default ${initial.timeZone}). Each run is recorded and audited with the schedule as the actor.`}
      />
      <SchedulesTable initial={initial} canManage={can(user.role, "schedules.manage")} />
    </>
  );
}
