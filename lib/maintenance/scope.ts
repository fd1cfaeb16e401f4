import { activeAt } from "./occurrences";
import type { Occurrence, WindowDef, WindowScope } from "./types";

/** What a window's scope is matched against: a service with its stack and tags. */
export interface ScopedService {
  id: string;
  stackId: string;
  tags: readonly string[];
}

/** A window covers a service it names, every service of a stack it names, and every service with a tag it names. */
export function covers(scope: WindowScope, service: ScopedService): boolean {
  return (
    scope.services.includes(service.id) ||
    scope.stacks.includes(service.stackId) ||
    service.tags.some((t) => scope.tags.includes(t))
  );
}

/** The services a window covers, in the order given. */
export function coveredServices<S extends ScopedService>(scope: WindowScope, services: readonly S[]): S[] {
  return services.filter((s) => covers(scope, s));
}

/**
 * The suppression question every consumer asks (the monitor, incident suggestions, and alert
 * rules later): is this service in maintenance at this instant, and under which occurrence?
 * When several cover it, the one that ends last (until-ended first) wins.
 */
export function maintenanceOf(
  service: ScopedService,
  windows: readonly WindowDef[],
  at: number,
): Occurrence | null {
  return pickLongest(activeAt(windows, at).filter((o) => covers(o.window.scope, service)));
}

export function pickLongest(occurrences: readonly Occurrence[]): Occurrence | null {
  let best: Occurrence | null = null;
  for (const o of occurrences)
    if (!best || (best.end !== null && (o.end === null || o.end > best.end))) best = o;
  return best;
}

/**
 * `inMaintenance(serviceId, at)` over a set of services and windows: active occurrences are
 * computed once per instant, so asking for every service of a large map stays cheap.
 */
export function maintenanceLookup(services: readonly ScopedService[], windows: readonly WindowDef[]) {
  const byId = new Map(services.map((s) => [s.id, s]));
  let cached: { at: number; active: Occurrence[] } | null = null;
  return (serviceId: string, at: number = Date.now()): Occurrence | null => {
    const service = byId.get(serviceId);
    if (!service) return null;
    if (cached?.at !== at) cached = { at, active: activeAt(windows, at) };
    return pickLongest(cached.active.filter((o) => covers(o.window.scope, service)));
  };
}

/** The reason a service in maintenance shows: `maintenance: <title> until <time>`. */
export function maintenanceReason(o: Occurrence): string {
  return `maintenance: ${o.window.title} ${o.end === null ? "until ended" : `until ${formatUtc(o.end)}`}`;
}

/** "2026-12-07 20:05:30 UTC": the server does not know the reader's zone, so it says which it uses. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
