import type { HealthState } from "@/lib/probes/types";
import { isGroup, slugOf, type StatusPageConfig } from "./schemas";
import type { ComponentStatus } from "./types";

/**
 * The pages as the publisher uses them (components with slugs and the services behind them), and
 * the rules that turn service health into a public status. Pure; safe for the client.
 */

export interface ResolvedComponent {
  id: string;
  name: string;
  description?: string;
  /** For a group: every child's services. */
  serviceIds: string[];
  children?: ResolvedComponent[];
}

export interface ResolvedPage {
  id: string;
  title: string;
  description?: string;
  logo?: string;
  accent?: string;
  timeZone: string;
  isDefault: boolean;
  /** A host name of its own, where it is served at `/`. */
  domain?: string;
  /** null: public. */
  password: string | null;
  components: ResolvedComponent[];
}

/**
 * The configured pages; with none, one page ("status") of the components services name with
 * `publicComponent` (a label or opsdeck.yml), so a stack can publish itself.
 */
export function resolvePages(
  pages: readonly StatusPageConfig[],
  services: readonly { id: string; publicComponent?: string }[],
): ResolvedPage[] {
  if (pages.length === 0) {
    const byName = new Map<string, string[]>();
    for (const s of services)
      if (s.publicComponent) byName.set(s.publicComponent, [...(byName.get(s.publicComponent) ?? []), s.id]);
    if (byName.size === 0) return [];
    const used = new Set<string>();
    return [
      {
        id: "status",
        title: "Status",
        timeZone: "UTC",
        isDefault: true,
        password: null,
        components: [...byName].map(([name, serviceIds]) => ({
          id: unique(slugOf(name), used),
          name,
          serviceIds,
        })),
      },
    ];
  }
  const defaultId = (pages.find((p) => p.default) ?? pages[0]).id;
  return pages.map((p) => {
    // Ids written in the config are kept as written (URLs and badges point at them); only slugs
    // made from names give way.
    const used = new Set<string>(
      p.components
        .flatMap((c) => [c.id, ...(isGroup(c) ? c.components.map((k) => k.id) : [])])
        .filter((id): id is string => id !== undefined),
    );
    const idOf = (c: { id?: string; name: string }) => c.id ?? unique(slugOf(c.name), used);
    return {
      id: p.id,
      title: p.title,
      description: p.description,
      logo: p.logo,
      accent: p.accent,
      timeZone: p.timeZone,
      isDefault: p.id === defaultId,
      ...(p.domain ? { domain: p.domain } : {}),
      password: p.access === "public" ? null : p.access.password,
      components: p.components.map((c) => {
        const id = idOf(c);
        if (!isGroup(c)) return { id, name: c.name, description: c.description, serviceIds: [...c.services] };
        const children = c.components.map((child) => ({
          id: idOf(child),
          name: child.name,
          description: child.description,
          serviceIds: [...child.services],
        }));
        return {
          id,
          name: c.name,
          description: c.description,
          serviceIds: [...new Set(children.flatMap((k) => k.serviceIds))],
          children,
        };
      }),
    };
  });
}

function unique(slug: string, used: Set<string>): string {
  let id = slug;
  for (let n = 2; used.has(id); n++) id = `${slug}-${n}`;
  used.add(id);
  return id;
}

/** Worst first, for "the worst of": maintenance is the mildest (it is planned). */
export const STATUS_RANK: Record<ComponentStatus, number> = {
  major_outage: 4,
  partial_outage: 3,
  degraded_performance: 2,
  under_maintenance: 1,
  operational: 0,
};

export function worstOf(statuses: readonly ComponentStatus[]): ComponentStatus {
  return statuses.reduce<ComponentStatus>((w, s) => (STATUS_RANK[s] > STATUS_RANK[w] ? s : w), "operational");
}

/**
 * The stated rule, from the health of a component's services: every service in maintenance is
 * `under_maintenance`; of the others, all down is a major outage, some down a partial outage, any
 * degraded degraded performance, else operational. `unknown` (the console cannot tell) claims
 * nothing; null when nothing is known at all.
 */
export function statusFromHealth(states: readonly HealthState[]): ComponentStatus | null {
  const known = states.filter((s) => s !== "unknown");
  if (known.length === 0) return null;
  const active = known.filter((s) => s !== "maintenance");
  if (active.length === 0) return "under_maintenance";
  const down = active.filter((s) => s === "down").length;
  if (down === active.length) return "major_outage";
  if (down > 0) return "partial_outage";
  if (active.includes("degraded")) return "degraded_performance";
  return "operational";
}

export type IncidentImpact = Exclude<ComponentStatus, "operational" | "under_maintenance">;

/**
 * A component's status now: an open public incident naming any of its services decides it (the
 * worst such incident's impact), so automated changes wait behind a person's word instead of
 * flapping the page; otherwise its services' health by the rule above.
 */
export function currentStatus(
  serviceIds: readonly string[],
  health: ReadonlyMap<string, HealthState>,
  openIncidents: readonly { services: readonly string[]; impact: IncidentImpact }[],
  /** What the page said last: kept while nothing is known (Docker unreachable, a monitor restarting). */
  lastPublished?: ComponentStatus,
): ComponentStatus {
  const mine = openIncidents.filter((i) => i.services.some((s) => serviceIds.includes(s)));
  if (mine.length) return worstOf(mine.map((i) => i.impact));
  return (
    statusFromHealth(serviceIds.map((id) => health.get(id) ?? "unknown")) ?? lastPublished ?? "operational"
  );
}

const OVERALL_TEXT: Record<ComponentStatus, string> = {
  operational: "All systems operational",
  degraded_performance: "Degraded performance",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
  under_maintenance: "Maintenance in progress",
};

/** The page's headline from its top-level components (maintenance shows when nothing is worse). */
export function overallOf(statuses: readonly ComponentStatus[]): { status: ComponentStatus; text: string } {
  const status = worstOf(statuses);
  return { status, text: OVERALL_TEXT[status] };
}
