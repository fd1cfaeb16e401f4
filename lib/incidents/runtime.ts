import "server-only";
import { getDb } from "@/lib/infra/db";
import { recordChannel } from "@/lib/live/runtime";
import { processSingleton } from "@/lib/infra/process-registry";
import { getRuntime } from "@/lib/monitor/runtime";
import { IncidentService } from "./service";
import { DEFAULT_SEVERITIES } from "./severity";

/** The process's incident service, over the loaded config's severities and dependency edges. */
export function incidentService(): IncidentService {
  return processSingleton("incidents", () => {
    const catalog = () => getRuntime().engine.currentCatalog();
    return new IncidentService({
      db: getDb,
      severities: () => catalog()?.settings.incidents.severities ?? DEFAULT_SEVERITIES,
      dependencies: (ids) => (catalog()?.edges ?? []).filter((e) => ids.includes(e.from)).map((e) => e.to),
      onChange: (id) => recordChannel().changed("incident", id),
    });
  });
}
