import type { CheckConfig } from "@/lib/catalog/schemas";

export const HEALTH_STATES = ["up", "degraded", "down", "unknown", "maintenance"] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** What one probe run observed. Pure data: safe to persist and to send to the browser. */
export interface ProbeResult {
  status: "up" | "degraded" | "down" | "unknown";
  /** Human-readable reason, e.g. `HTTP 500 (expected status == 200)`. Never contains secrets. */
  message: string;
  /**
   * What the target answered, uncut, when the reason could only quote it briefly (a body, a
   * command's output): for roles with data.read, never in the map or its stream.
   */
  detail?: string;
  latencyMs: number;
  /** Numeric samples, e.g. { queue_depth: 12 }. */
  metrics?: Record<string, number>;
  /**
   * Direct evidence (a container that is not running, a Docker healthcheck that already did its
   * own retries) rather than one failed request: flap damping does not hold it back.
   */
  definitive?: boolean;
}

/** A running container of the service, as discovery knows it. */
export interface ContainerRef {
  id: string;
  name: string;
  /** Address reachable from the console (first network IP), if any. */
  ip?: string;
  state: string;
  health?: "healthy" | "unhealthy" | "starting" | "none";
}

export interface ProbeContext {
  signal: AbortSignal;
  timeoutMs: number;
  /** Containers backing the service (empty for external services). */
  containers: ContainerRef[];
  /** Restart history fed from Docker events; the docker probe counts restarts in its window. */
  restarts?: { count(containerId: string, windowMs: number, now: number): number };
  now?: number;
  /**
   * Run when the probe is done (runProbe sets it): releases the probe's timer at once instead
   * of holding the request it guards until the timeout would have fired.
   */
  cleanup?: (() => void)[];
}

export type Probe<C extends CheckConfig = CheckConfig> = (
  check: C,
  ctx: ProbeContext,
) => Promise<ProbeResult>;
