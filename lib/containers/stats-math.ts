/**
 * CPU % from two one-shot reads of cumulative counters, the same formula as `docker stats`
 * (100 % = one core busy for the whole interval). Pure, so the sampler and its tests share it.
 */

export interface CpuCounters {
  /** Cumulative CPU time used by the container, ns. */
  cpuTotalNs: number;
  /** Cumulative CPU time of the whole host, ns (all cores). */
  systemCpuNs: number;
  onlineCpus: number;
}

/** null when no rate can be derived: first read, counter reset (a restart), or no host time passed. */
export function cpuPercent(prev: CpuCounters | undefined, cur: CpuCounters): number | null {
  if (!prev) return null;
  const used = cur.cpuTotalNs - prev.cpuTotalNs;
  const elapsed = cur.systemCpuNs - prev.systemCpuNs;
  if (used < 0 || elapsed <= 0) return null;
  const cpus = cur.onlineCpus > 0 ? cur.onlineCpus : 1;
  const percent = (used / elapsed) * cpus * 100;
  // The host counter ticks in jiffies, the container's in ns: clamp the rounding overshoot.
  return Math.min(round2(percent), cpus * 100);
}

/** Share of the memory limit in use; null when the container has no limit the engine reports. */
export function memoryPercent(usedBytes: number, limitBytes: number): number | null {
  if (!(limitBytes > 0)) return null;
  return round2((usedBytes / limitBytes) * 100);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
