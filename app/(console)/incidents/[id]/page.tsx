import { notFound } from "next/navigation";
import { IncidentView } from "@/components/incidents/incident-view";
import { PageHeader } from "@/components/layout/page-header";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { incidentService } from "@/lib/incidents/runtime";
import { listPlaybooks } from "@/lib/playbooks/queries";

export const metadata = { title: "Incident · Opsdeck" };
export const dynamic = "force-dynamic";

/** /incidents/<id>: one incident, live for everyone who has it open. */
export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("/incidents/[id]");
  const { id } = await params;
  const service = incidentService();
  const incident = await service.get(id);
  if (!incident) notFound();
  const { playbooks } = await listPlaybooks();
  // Playbooks about the affected services first, then the rest.
  const about = (p: (typeof playbooks)[number]) => p.services.some((s) => incident.services.includes(s));
  const ordered = [...playbooks.filter(about), ...playbooks.filter((p) => !about(p))];
  return (
    <>
      <PageHeader
        title={`#${incident.number} ${incident.title}`}
        description={
          <>
            Review:{" "}
            <a href={`/api/v1/incidents/${incident.id}/review?format=md`} className="underline">
              markdown
            </a>{" "}
            ·{" "}
            <a href={`/api/v1/incidents/${incident.id}/review?format=json`} className="underline">
              JSON
            </a>
          </>
        }
      />
      <IncidentView
        initial={incident}
        canManage={can(user.role, "incidents.manage")}
        canRunPlaybooks={can(user.role, "playbooks.run")}
        playbooks={ordered.map((p) => ({ id: p.id, title: p.title, runnable: p.problems.length === 0 }))}
        severities={service.severities().map((s) => ({ id: s.id, name: s.name }))}
      />
    </>
  );
}
