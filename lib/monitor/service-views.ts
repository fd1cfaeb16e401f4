import type { ContainerEventView } from "@/lib/containers/schemas";
import type { ComparisonOp } from "@/lib/probes/condition-parse";
import type { CheckSeries, HistoryRange, MetricSeries, StateSegment } from "./history";
import type { MapSnapshot } from "./snapshot";

/**
 * What the service page's routes send. Client-safe types only. No check target, header or
 * credential is in here: checks are described by id, kind, state and schedule.
 */

type MapService = MapSnapshot["services"][number];

export interface MetricThreshold {
  /** As written in the config, e.g. "> 50". */
  text: string;
  op: ComparisonOp;
  value: number;
}

export interface ServiceLink {
  id: string;
  name: string;
  status: MapService["status"];
  /** Where the dependency comes from: config, compose, label, network, env. */
  source: string;
}

export interface ServiceDetail {
  id: string;
  name: string;
  stackId: string;
  stackName: string;
  kind: MapService["kind"];
  owner?: string;
  tags: string[];
  description?: string;
  status: MapService["status"];
  reason: string;
  since: string;
  impactedBy?: MapService["impactedBy"];
  dependencies: ServiceLink[];
  dependents: ServiceLink[];
  containers: MapService["containers"];
  docker: MapSnapshot["docker"];
  checks: (MapService["checks"][number] & {
    /** The target's uncut answer behind the last failure can be read (roles with data.read). */
    hasDetail?: boolean;
    nextRunAt?: string;
    intervalMs?: number;
    metric?: { name: string; unit?: string; warn?: MetricThreshold; critical?: MetricThreshold };
  })[];
}

export interface ServiceHistory {
  range: HistoryRange;
  from: number;
  to: number;
  bucketMs: number;
  starts: number[];
  checks: CheckSeries[];
  metrics: (MetricSeries & {
    /** The check's declared metric (with thresholds), as opposed to numbers a probe records anyway. */
    declared: boolean;
    unit?: string;
    warn?: MetricThreshold;
    critical?: MetricThreshold;
  })[];
  timeline: StateSegment[];
  /** Service uptime over the last hour, day and week, from its state changes. */
  uptime: Record<HistoryRange, number | null>;
  /** Time in maintenance over the same ranges: left out of the uptime figures. */
  maintenanceMs: Record<HistoryRange, number>;
  /** How long raw samples (and so metric history) are kept. */
  rawRetentionMs: number;
}

export interface StateChangeView {
  at: string;
  scope: "service" | "check";
  /** Check id for check changes. */
  checkId?: string;
  from: string | null;
  to: string;
  reason: string;
}

export interface ServiceEvents {
  changes: StateChangeView[];
  containerEvents: ContainerEventView[];
  /** A source that could not be read, in words; the other still shows. */
  problems: string[];
}
