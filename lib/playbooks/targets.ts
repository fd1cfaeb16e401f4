import "server-only";
import type { z } from "zod";
import { actionsFor } from "@/lib/actions/registry";
import { actionTarget } from "@/lib/actions/service";
import type { Catalog } from "@/lib/catalog/types";
import { checkMetrics } from "./metrics";
import type { PlaybookTargets, TargetService } from "./references";

/** What playbooks may name in `catalog`: its services' checks, metrics and actions (with parameter schemas). */
export function playbookTargets(catalog: Catalog): PlaybookTargets {
  const services = new Map<string, TargetService>();
  for (const service of catalog.services) {
    const target = actionTarget(catalog, service);
    services.set(service.id, {
      checks: new Map(service.checks.map((c) => [c.id, { metrics: checkMetrics(c) }])),
      actions: new Map(
        actionsFor(service, { builtins: catalog.settings.actions.builtins }).map((a) => [
          a.id,
          { title: a.title, params: a.kind.params(target, a.decl as never) as z.ZodType },
        ]),
      ),
    });
  }
  return { services };
}
