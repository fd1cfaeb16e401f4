import "server-only";
import { allWindows } from "@/lib/maintenance/runtime";
import { maintenanceLookup } from "@/lib/maintenance/scope";
import { mapSnapshot } from "@/lib/monitor/runtime";
import { incidentService } from "./runtime";
import { incidentSuggestions, type IncidentSuggestion } from "./suggestions";

/** The failing services worth an incident now: not in maintenance, not under an open incident. */
export async function currentSuggestions(now = Date.now()): Promise<IncidentSuggestion[]> {
  const [snapshot, windows, open] = await Promise.all([
    mapSnapshot(),
    allWindows(),
    incidentService().list({ open: true, limit: 500 }),
  ]);
  return incidentSuggestions(snapshot.services, {
    inMaintenance: maintenanceLookup(snapshot.services, windows),
    covered: new Set(open.incidents.flatMap((i) => i.services)),
    now,
  });
}
