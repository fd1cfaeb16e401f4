"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useSessionRole } from "@/components/actions/use-actions";
import { Section } from "@/components/service/section";
import { fetchJson } from "@/components/service/fetch-json";
import { Badge } from "@/components/ui/badge";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import type { PlaybookSummary } from "@/lib/playbooks/queries";

/**
 * The playbooks about a service on its page: those whose trigger matches the service's state
 * now come first, marked as suggested (re-read every 10 s, as the state changes); and, for those
 * who may, a link to declare an incident for the service.
 */
export function ServicePlaybooks({ serviceId }: { serviceId: string }) {
  const { data } = useQuery({
    queryKey: ["service-playbooks", serviceId],
    queryFn: ({ signal }) =>
      fetchJson<{ playbooks: PlaybookSummary[] }>(
        `/api/v1/playbooks?service=${encodeURIComponent(serviceId)}`,
        signal,
      ),
    refetchInterval: 10_000,
  });
  const role = useSessionRole();
  const mayDeclare = can(role.data as Role | undefined, "incidents.manage");
  const playbooks = data?.playbooks ?? [];
  if (playbooks.length === 0 && !mayDeclare) return null;
  return (
    <Section
      id="playbooks"
      title="Incidents and playbooks"
      description={
        playbooks.length
          ? "Procedures for this service; suggested ones match its state now."
          : "No playbook names this service yet."
      }
    >
      {mayDeclare && (
        <Link
          href={`/incidents?declare=1&service=${encodeURIComponent(serviceId)}`}
          className="text-sm font-medium underline"
          data-testid="declare-incident"
        >
          Declare an incident for this service
        </Link>
      )}
      {playbooks.length > 0 && (
        <ul className="space-y-2 text-sm" data-testid="service-playbooks">
          {playbooks.map((p) => {
            const match = p.matches.find((m) => m.service === serviceId);
            return (
              <li key={p.id} className="flex flex-wrap items-center gap-2">
                {match && <Badge tone="degraded">suggested</Badge>}
                <Link href={`/playbooks/${encodeURIComponent(p.id)}`} className="font-medium hover:underline">
                  {p.title}
                </Link>
                {p.severity && <Badge>{p.severity}</Badge>}
                <span className="text-muted-foreground">
                  {match ? `${match.trigger}: ${match.observed}` : p.triggers.join("; ")}
                </span>
                {p.problems.length > 0 && <Badge tone="down">cannot run</Badge>}
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}
