import type { HealthState, ProbeResult } from "@/lib/probes/types";

export type { HealthState };

/** The damped state of one check, derived from its probe results by `applyResult`. */
export interface CheckState {
  status: ProbeResult["status"];
  /** Why, e.g. `HTTP 500 (expected status == 200)` or `failing 1/2: connection refused`. */
  reason: string;
  /** ISO time of the last status change. */
  since: string;
  lastResult: ProbeResult;
  /** ISO time of the last probe run. */
  lastRunAt: string;
  /** Failed runs in a row (counts on while already down). */
  consecutiveFailures: number;
  /** Failures seen but not yet reported as down (flap damping); 0 when none are pending. */
  pendingFailures: number;
}

export interface ImpactInfo {
  /** The down services at the bottom of the dependency chain(s). */
  rootCauses: string[];
  /** Service ids from this service to the nearest root cause, both ends included. */
  via: string[];
  /** e.g. `impacted by Postgres (down: connection refused)`; shown next to the own reason. */
  reason: string;
}

export interface ServiceHealth {
  serviceId: string;
  /** What the service's own checks say; impact never changes it. */
  status: HealthState;
  reason: string;
  /** ISO time the service entered `status`. */
  since: string;
  /** Set by `propagateImpact` when a dependency (transitively) is down. */
  impactedBy?: ImpactInfo;
}

export interface StackHealth {
  stackId: string;
  status: HealthState;
  reason: string;
  counts: Record<HealthState, number>;
  total: number;
}

/** Everything the monitor knows at one instant; `diffHealth` compares two of these. */
export interface HealthSnapshot {
  /** serviceId -> checkId -> state. */
  checks: ReadonlyMap<string, ReadonlyMap<string, CheckState>>;
  services: ReadonlyMap<string, ServiceHealth>;
  stacks: ReadonlyMap<string, StackHealth>;
}

/** One change published on the bus and streamed to browsers. */
export interface StateChange {
  type: "check" | "service" | "stack";
  /** Check id (with `serviceId`), service id or stack id. */
  id: string;
  serviceId?: string;
  /** null when the item was not in the previous snapshot. */
  from: HealthState | null;
  to: HealthState;
  reason: string;
  /** ISO time of the change. */
  at: string;
  /** Service changes only: the impact in the new snapshot, if any. */
  impactedBy?: ImpactInfo;
}
