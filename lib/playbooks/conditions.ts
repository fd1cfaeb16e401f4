import type { HealthState } from "@/lib/monitor/types";
import { LATENCY_METRIC } from "./metrics";
import type { PlaybookConfig } from "./schemas";

/**
 * What triggers and wait steps watch, evaluated against the live map (the snapshot every
 * replica has). Pure and safe for the client, so the run page can show the same verdict.
 */
export type Condition =
  | { service: string; state: HealthState }
  | { service: string; check: string; state: HealthState }
  | { service: string; check: string; metric: string; above: number }
  | { service: string; check: string; metric: string; below: number };

export type Trigger = PlaybookConfig["triggers"][number];

/** The parts of a map service a condition reads. */
export interface WatchedService {
  id: string;
  status: HealthState;
  reason: string;
  checks: {
    id: string;
    status: HealthState;
    reason: string;
    latencyMs?: number;
    metrics?: Record<string, number>;
  }[];
}

export interface Verdict {
  holds: boolean;
  /** What is seen now, in words: "down: connection refused", "depth = 1,520". */
  observed: string;
  value?: number;
}

/** "service api is down", "check api/health is degraded", "api/queue depth above 1000". */
export function describeCondition(c: Condition): string {
  if ("metric" in c) {
    const limit = "above" in c ? `above ${c.above}` : `below ${c.below}`;
    return `${c.metric} of ${c.service}/${c.check} ${limit}`;
  }
  if ("check" in c) return `check ${c.service}/${c.check} is ${c.state}`;
  return `service ${c.service} is ${c.state}`;
}

export function describeTrigger(t: Trigger): string {
  return "manual" in t ? "started by hand" : `when ${describeCondition(t)}`;
}

export function evaluate(c: Condition, services: ReadonlyMap<string, WatchedService>): Verdict {
  const service = services.get(c.service);
  if (!service) return { holds: false, observed: `service ${c.service} is not on the map` };
  if (!("check" in c)) {
    return { holds: service.status === c.state, observed: said(service.status, service.reason) };
  }
  const check = service.checks.find((k) => k.id === c.check);
  if (!check) return { holds: false, observed: `check ${c.service}/${c.check} is not on the map` };
  if (!("metric" in c))
    return { holds: check.status === c.state, observed: said(check.status, check.reason) };
  const value =
    c.metric === LATENCY_METRIC ? (check.metrics?.[c.metric] ?? check.latencyMs) : check.metrics?.[c.metric];
  if (value === undefined || !Number.isFinite(value))
    return { holds: false, observed: `no ${c.metric} value yet (check is ${check.status})` };
  const holds = "above" in c ? value > c.above : value < c.below;
  return { holds, observed: `${c.metric} = ${value.toLocaleString("en-US")}`, value };
}

/** The services for which one of the playbook's triggers holds now, with the first that does. */
export function matchingServices(
  playbook: Pick<PlaybookConfig, "triggers">,
  services: ReadonlyMap<string, WatchedService>,
): { service: string; trigger: string; observed: string }[] {
  const found = new Map<string, { service: string; trigger: string; observed: string }>();
  for (const t of playbook.triggers) {
    if ("manual" in t || found.has(t.service)) continue;
    const verdict = evaluate(t, services);
    if (verdict.holds)
      found.set(t.service, { service: t.service, trigger: describeTrigger(t), observed: verdict.observed });
  }
  return [...found.values()];
}

function said(state: HealthState, reason: string): string {
  return reason ? `${state}: ${reason}` : state;
}
