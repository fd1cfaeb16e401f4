import { SeverityOptions, ServiceOptions } from "@/components/incidents/options";
import Link from "next/link";
import { LocalTime } from "@/components/actions/local-time";
import { DeclareForm } from "@/components/incidents/declare-form";
import { IncidentStats } from "@/components/incidents/incident-stats";
import { SuggestionsList } from "@/components/incidents/suggestions-list";
import { PageHeader } from "@/components/layout/page-header";
import { formatDuration } from "@/components/service/format";
import { STATUS_TONE } from "@/components/incidents/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { incidentService } from "@/lib/incidents/runtime";
import { currentSuggestions } from "@/lib/incidents/suggestion-queries";
import { mapSnapshot } from "@/lib/monitor/runtime";

export const metadata = { title: "Incidents · Opsdeck" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const PERIODS: Record<string, number> = {
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
  "90d": 90 * 86_400_000,
};

/** /incidents: declared incidents with filters (open, severity, service, period) and counts. */
export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePage("/incidents");
  const q = await searchParams;
  const state = one(q.state) ?? "open";
  const severity = one(q.severity)?.slice(0, 16);
  const service = one(q.service)?.slice(0, 200);
  const period = one(q.period);
  const service_ = incidentService();
  const severities = service_.severities();
  const [{ incidents, stats }, snapshot, suggestions] = await Promise.all([
    service_.list({
      open: state === "open" ? true : state === "resolved" ? false : undefined,
      severity,
      service,
      from: period && PERIODS[period] ? new Date(Date.now() - PERIODS[period]) : undefined,
    }),
    mapSnapshot(),
    currentSuggestions(),
  ]);
  const services = snapshot.services.map((s) => ({ id: s.id, name: s.name }));
  return (
    <>
      <PageHeader
        title="Incidents"
        description="Declared incidents: severity, status, commander, affected services, and a timeline that writes itself."
        actions={
          can(user.role, "incidents.manage") ? (
            <DeclareForm
              severities={severities.map((s) => ({ id: s.id, name: s.name, description: s.description }))}
              services={services}
              service={service}
              initiallyOpen={one(q.declare) === "1"}
              title={one(q.title)?.slice(0, 200)}
            />
          ) : undefined
        }
      />
      <SuggestionsList suggestions={suggestions} canDeclare={can(user.role, "incidents.manage")} />
      <form
        method="get"
        action="/incidents"
        className="mb-4 flex flex-wrap items-end gap-3"
        aria-label="Filters"
      >
        <label className="flex flex-col gap-1 text-sm font-medium">
          State
          <Select name="state" defaultValue={state}>
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
            <option value="all">All</option>
          </Select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Severity
          <Select name="severity" defaultValue={severity ?? ""}>
            <option value="">Any</option>
            <SeverityOptions severities={severities} />
          </Select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Service
          <Select name="service" defaultValue={service ?? ""}>
            <option value="">Any</option>
            <ServiceOptions services={services} />
          </Select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Declared in
          <Select name="period" defaultValue={period ?? ""}>
            <option value="">Any time</option>
            {Object.keys(PERIODS).map((p) => (
              <option key={p} value={p}>
                the last {p}
              </option>
            ))}
          </Select>
        </label>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
      <p className="mb-3 text-sm text-muted-foreground" data-testid="incident-stats">
        {stats.total} incident{stats.total === 1 ? "" : "s"} · {stats.open} open
        {Object.keys(stats.bySeverity).length > 0 &&
          ` · ${Object.entries(stats.bySeverity)
            .map(([k, n]) => `${n} ${k}`)
            .join(", ")}`}
        {stats.medianResolveMs !== null &&
          ` · median time to resolve ${formatDuration(stats.medianResolveMs)}`}
      </p>
      <IncidentStats stats={stats} order={severities.map((s) => s.id)} />
      {incidents.length === 0 ? (
        <EmptyState title={state === "open" ? "No open incidents" : "No incidents match"}>
          <p>
            Declare one when something is wrong: it gets a severity with response targets, a commander, and a
            timeline that records health changes, actions and playbook steps on its own.
          </p>
        </EmptyState>
      ) : (
        <ul
          className="divide-y divide-border rounded-lg border border-border bg-surface"
          aria-label="Incidents"
        >
          {incidents.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
              <Badge>{i.severity}</Badge>
              <Badge tone={STATUS_TONE[i.status]}>{i.status}</Badge>
              <Link href={`/incidents/${i.id}`} className="font-medium hover:underline">
                #{i.number} {i.title}
              </Link>
              {i.services.length > 0 && (
                <span className="text-muted-foreground">{i.services.join(", ")}</span>
              )}
              <span className="ml-auto text-xs text-muted-foreground">
                {i.commander} · <LocalTime iso={i.declaredAt} />
                {i.resolvedAt &&
                  ` · took ${formatDuration(Date.parse(i.resolvedAt) - Date.parse(i.declaredAt))}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
