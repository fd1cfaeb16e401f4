import { Scalar } from "yaml";
import { validateCondition, validateThreshold } from "@/lib/probes/conditions";
import { CONDITION_SUBJECTS } from "@/lib/probes/subjects";
import { checkActions, unknownSubject } from "./action-semantics";
import type { ErrorSink } from "./config-error";
import { didYouMean } from "./did-you-mean";
import { BUILTIN_ACTION_IDS } from "@/lib/actions/schemas";
import type { CheckConfig, OpsdeckConfig } from "./schemas";
import { checkMaintenance } from "@/lib/maintenance/semantics";
import { checkStatusPages } from "@/lib/status-page/semantics";

/** The monitor's shortest interval (lib/monitor/scheduler.ts clamps to it too). */
const MIN_INTERVAL_MS = 1000;

/** What the schema cannot see: unique ids, references, condition syntax, dependency cycles. */
export function checkSemantics(config: OpsdeckConfig, sink: ErrorSink): void {
  reportDuplicates(
    config.stacks.map((s) => s.id),
    ["stacks"],
    "stack",
    sink,
  );
  reportDuplicates(
    config.services.map((s) => s.id),
    ["services"],
    "service",
    sink,
  );
  const stackIds = config.stacks.map((s) => s.id);
  const serviceIds = config.services.map((s) => s.id);

  config.services.forEach((service, i) => {
    const base = ["services", i];
    if (service.stack !== undefined && !stackIds.includes(service.stack)) {
      sink.atPath(
        [...base, "stack"],
        `unknown stack "${service.stack}"${didYouMean(service.stack, stackIds)}`,
      );
    }
    service.dependsOn.forEach((target, j) => {
      if (target === service.id) sink.atPath([...base, "dependsOn", j], `a service cannot depend on itself`);
      else if (!serviceIds.includes(target)) {
        sink.atPath(
          [...base, "dependsOn", j],
          `unknown service "${target}"${didYouMean(target, serviceIds)}`,
        );
      }
    });
    reportDuplicates(
      service.checks.map((c) => c.id),
      [...base, "checks"],
      "check",
      sink,
    );
    reportDuplicates(
      service.actions.map((a) => a.id),
      [...base, "actions"],
      "action",
      sink,
    );
    checkActions(service, base, sink);
    service.checks.forEach((check, j) => {
      const checkPath = [...base, "checks", j];
      checkTiming(check, checkPath, config, sink);
      check.expect?.forEach((text, k) => {
        const syntax = validateCondition(text);
        if (syntax) return reportSyntax([...checkPath, "expect", k], syntax, "condition", sink);
        const unknown = unknownSubject(text, CONDITION_SUBJECTS[check.kind], `a ${check.kind} check`);
        if (unknown) sink.atPath([...checkPath, "expect", k], `invalid condition: ${unknown}`);
      });
      if (check.metric?.warn !== undefined)
        reportSyntax(
          [...checkPath, "metric", "warn"],
          validateThreshold(check.metric.warn),
          "threshold",
          sink,
        );
      if (check.metric?.critical !== undefined) {
        reportSyntax(
          [...checkPath, "metric", "critical"],
          validateThreshold(check.metric.critical),
          "threshold",
          sink,
        );
      }
    });
  });
  reportCycles(config, sink);
  checkMaintenance(config, sink, reportDuplicates);
  checkSchedules(config, sink);
  checkStatusPages(config, sink, reportDuplicates);
}

/**
 * Schedules name services and actions; a service declared here must have the action (discovered
 * services are checked when the schedule runs, and a missing one is shown on the Schedules page).
 */
function checkSchedules(config: OpsdeckConfig, sink: ErrorSink): void {
  reportDuplicates(
    config.schedules.map((s) => s.id),
    ["schedules"],
    "schedule",
    sink,
  );
  config.schedules.forEach((schedule, i) => {
    const target = schedule.action;
    const service = target && config.services.find((s) => s.id === target.service);
    if (!target || !service) return;
    const declared = service.actions.map((a) => a.id);
    const builtins = service.compose && config.settings.actions.builtins ? [...BUILTIN_ACTION_IDS] : [];
    const known = [...declared, ...builtins];
    if (!known.includes(target.action))
      sink.atPath(
        ["schedules", i, "action", "action"],
        `service "${service.id}" has no action "${target.action}"${didYouMean(target.action, known)}`,
      );
  });
}

/** Intervals below a second are refused (not clamped in silence); a timeout past the interval is cut. */
function checkTiming(check: CheckConfig, at: PropertyKey[], config: OpsdeckConfig, sink: ErrorSink): void {
  const interval = check.interval ?? config.settings.defaultInterval;
  if (check.interval !== undefined && check.interval < MIN_INTERVAL_MS)
    sink.atPath([...at, "interval"], `expected an interval of at least 1s, got ${check.interval}ms`);
  const timeout = check.timeout ?? config.settings.defaultTimeout;
  if (check.timeout !== undefined && timeout > interval)
    sink.warnAtPath(
      [...at, "timeout"],
      `the timeout (${timeout}ms) is longer than the interval (${interval}ms); it is cut to the interval`,
    );
}

function reportDuplicates(ids: string[], listPath: PropertyKey[], what: string, sink: ErrorSink): void {
  const first = new Map<string, number>();
  ids.forEach((id, i) => {
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, i);
    else
      sink.atPath(
        [...listPath, i, "id"],
        `duplicate ${what} id "${id}" (already used by ${listPath.at(-1) as string}[${earlier}])`,
      );
  });
}

/** Points at the offending character inside the string when the scalar is plain or simply quoted. */
/** A condition or threshold syntax error, pointed at its column inside the YAML scalar. */
export function reportSyntax(
  path: PropertyKey[],
  problem: { column: number; message: string } | null,
  what: string,
  sink: ErrorSink,
): void {
  if (!problem) return;
  const node = sink.scalarAt(path);
  const quoted =
    node instanceof Scalar && (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE);
  sink.atPath(
    path,
    `invalid ${what} at column ${problem.column}: ${problem.message}`,
    (quoted ? 1 : 0) + problem.column - 1,
  );
}

/** Each cycle once, at the dependsOn entry that closes it. */
function reportCycles(config: OpsdeckConfig, sink: ErrorSink): void {
  const index = new Map(config.services.map((s, i) => [s.id, i]));
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, "visiting");
    stack.push(id);
    const i = index.get(id);
    const service = i === undefined ? undefined : config.services[i];
    service?.dependsOn.forEach((target, j) => {
      if (!index.has(target) || target === id) return;
      if (state.get(target) === "visiting") {
        const cycle = [...stack.slice(stack.indexOf(target)), target];
        sink.atPath(["services", i as number, "dependsOn", j], `dependency cycle: ${cycle.join(" -> ")}`);
      } else if (!state.has(target)) visit(target);
    });
    stack.pop();
    state.set(id, "done");
  };
  for (const service of config.services) if (!state.has(service.id)) visit(service.id);
}
