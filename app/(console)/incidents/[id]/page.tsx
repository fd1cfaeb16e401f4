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
  // Suggested first (a trigger matches an affected service now), then those about the affected
  // services, then the rest.
  const rank = (p: (typeof playbooks)[number]) =>
    p.matches.some((m) => incident.services.includes(m.service))
      ? 0
      : p.services.some((s) => incident.services.includes(s))
        ? 1
        : 2;
  const ordered = [...playbooks].sort((a, b) => rank(a) - rank(b));
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
