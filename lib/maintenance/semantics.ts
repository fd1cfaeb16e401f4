import type { ErrorSink } from "@/lib/catalog/config-error";
import { didYouMean } from "@/lib/catalog/did-you-mean";
import type { OpsdeckConfig } from "@/lib/catalog/schemas";
import { CronError, parseCron } from "@/lib/schedules/cron";
import { isTimeZone } from "@/lib/schedules/zone";

export type ReportDuplicates = (
  ids: string[],
  listPath: PropertyKey[],
  what: string,
  sink: ErrorSink,
) => void;

/**
 * What the schema of `maintenance:` cannot see: duplicate ids, services and stacks that do not
 * exist, an end before the start, an unknown time zone, a cron expression that does not parse.
 * A service not declared here may still come from discovery: a warning while discovery is on.
 * A window's playbook lives in playbooks/ and is checked against it on the Maintenance page.
 */
export function checkMaintenance(config: OpsdeckConfig, sink: ErrorSink, duplicates: ReportDuplicates): void {
  duplicates(
    config.maintenance.map((w) => w.id),
    ["maintenance"],
    "maintenance window",
    sink,
  );
  const serviceIds = config.services.map((s) => s.id);
  const stackIds = config.stacks.map((s) => s.id);
  config.maintenance.forEach((w, i) => {
    const at = ["maintenance", i];
    const unknown = (list: "services" | "stacks", what: string, known: string[]) =>
      w[list].forEach((id, j) => {
        if (known.includes(id)) return;
        const message = `unknown ${what} "${id}"${didYouMean(id, known)}`;
        if (config.settings.discoverContainers)
          sink.warnAtPath([...at, list, j], `${message}: the window applies only if discovery finds it`);
        else sink.atPath([...at, list, j], message);
      });
    unknown("services", "service", serviceIds);
    unknown("stacks", "stack", stackIds);
    if (w.start && w.end && Date.parse(w.end) <= Date.parse(w.start))
      sink.atPath([...at, "end"], `the end (${w.end}) is not after the start (${w.start})`);
    if (w.recurring) {
      if (!isTimeZone(w.recurring.timeZone))
        sink.atPath(
          [...at, "recurring", "timeZone"],
          `unknown time zone "${w.recurring.timeZone}" (expected an IANA name like Europe/Berlin or UTC)`,
        );
      try {
        parseCron(w.recurring.cron);
      } catch (error) {
        if (!(error instanceof CronError)) throw error;
        sink.atPath([...at, "recurring", "cron"], `invalid cron expression: ${error.message}`);
      }
    }
  });
}
