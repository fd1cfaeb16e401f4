import type { ErrorSink } from "@/lib/catalog/config-error";
import { didYouMean } from "@/lib/catalog/did-you-mean";
import type { OpsdeckConfig } from "@/lib/catalog/schemas";
import type { ReportDuplicates } from "@/lib/maintenance/semantics";
import { isGroup } from "./schemas";

/**
 * What the schema of `statusPages:` cannot see: duplicate page ids, two pages at /status, two
 * components with one slug on a page, and services that do not exist. A service not declared
 * here may come from discovery: a warning while discovery is on, an error otherwise.
 */
export function checkStatusPages(config: OpsdeckConfig, sink: ErrorSink, duplicates: ReportDuplicates): void {
  duplicates(
    config.statusPages.map((p) => p.id),
    ["statusPages"],
    "status page",
    sink,
  );
  const defaults = config.statusPages.flatMap((p, i) => (p.default ? [i] : []));
  for (const i of defaults.slice(1))
    sink.atPath(
      ["statusPages", i, "default"],
      `only one page can be the default (statusPages[${defaults[0]}] is)`,
    );
  const serviceIds = config.services.map((s) => s.id);
  config.statusPages.forEach((page, i) => {
    const ids = new Map<string, string>();
    const visit = (c: { id?: string; name: string }, at: PropertyKey[]) => {
      if (!c.id) return; // slugs made from names give way to written ids (lib/status-page/derive.ts)
      const earlier = ids.get(c.id);
      if (earlier)
        sink.atPath([...at, "id"], `component id "${c.id}" is already used on this page (by "${earlier}")`);
      ids.set(c.id, c.name);
    };
    const checkServices = (services: string[], at: PropertyKey[]) =>
      services.forEach((id, k) => {
        if (serviceIds.includes(id)) return;
        const message = `unknown service "${id}"${didYouMean(id, serviceIds)}`;
        if (config.settings.discoverContainers)
          sink.warnAtPath(
            [...at, "services", k],
            `${message}: the component follows it only if discovery finds it`,
          );
        else sink.atPath([...at, "services", k], message);
      });
    page.components.forEach((c, j) => {
      const at = ["statusPages", i, "components", j];
      visit(c, at);
      if (!isGroup(c)) return checkServices(c.services, at);
      c.components.forEach((child, k) => {
        visit(child, [...at, "components", k]);
        checkServices(child.services, [...at, "components", k]);
      });
    });
  });
}
