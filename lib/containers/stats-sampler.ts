import "server-only";
import type { ContainerStatsSample } from "@/lib/infra/docker";
import type { StatsPoint, StatsUpdate } from "./schemas";
import { cpuPercent, memoryPercent, type CpuCounters } from "./stats-math";

/**
 * One stats sampler per container, shared by every browser watching it: started by the first
 * subscriber, stopped by the last unsubscribe or when the container dies (Docker event) or is
 * gone. Each tick is one one-shot read (~20 ms instead of the classic ~2 s call); CPU % is the
 * delta between two successive reads.
 */

export interface SamplerDeps {
  read(containerId: string, signal: AbortSignal): Promise<ContainerStatsSample>;
  /** Container events (die, destroy, ...), to stop at once instead of at the next read. */
  onContainerEvent?(
    listener: (event: { type: string; containerId: string; attributes?: Record<string, string> }) => void,
  ): () => void;
  intervalMs?: number;
  /** Delay of the second read, so CPU shows soon after the page opens. */
  firstDeltaMs?: number;
}

type Listener = (update: StatsUpdate) => void;

interface Sampler {
  containerId: string;
  listeners: Set<Listener>;
  controller: AbortController;
  timer?: ReturnType<typeof setTimeout>;
  prev?: CpuCounters;
  last?: StatsPoint;
  failures: number;
}

const ENDING_EVENTS = new Set(["die", "destroy"]);

export class StatsSamplers {
  private samplers = new Map<string, Sampler>();
  private readonly intervalMs: number;
  private readonly firstDeltaMs: number;
  private unsubscribeEvents?: () => void;
  /** Reads issued since creation: lets tests prove N viewers cost one read per tick. */
  reads = 0;

  constructor(private readonly deps: SamplerDeps) {
    this.intervalMs = deps.intervalMs ?? 2000;
    this.firstDeltaMs = deps.firstDeltaMs ?? Math.min(1000, this.intervalMs);
    this.unsubscribeEvents = deps.onContainerEvent?.((event) => {
      if (!ENDING_EVENTS.has(event.type)) return;
      const exit = event.attributes?.exitCode;
      const reason =
        event.type === "destroy"
          ? "container removed"
          : `container stopped${exit ? ` (exit code ${exit})` : ""}`;
      this.end(event.containerId, reason);
    });
  }

  /** Starts sampling `containerId` if nobody watched it yet; the last point is replayed at once. */
  subscribe(containerId: string, listener: Listener): () => void {
    let sampler = this.samplers.get(containerId);
    if (!sampler) {
      sampler = { containerId, listeners: new Set(), controller: new AbortController(), failures: 0 };
      this.samplers.set(containerId, sampler);
      void this.tick(sampler);
    } else if (sampler.last) listener({ type: "stats", point: sampler.last });
    sampler.listeners.add(listener);
    const s = sampler;
    return () => {
      s.listeners.delete(listener);
      if (s.listeners.size === 0) this.stopSampler(s);
    };
  }

  /** Containers currently sampled. */
  active(): string[] {
    return [...this.samplers.keys()];
  }

  stop() {
    for (const s of [...this.samplers.values()]) this.stopSampler(s);
    this.unsubscribeEvents?.();
  }

  private async tick(s: Sampler) {
    if (this.samplers.get(s.containerId) !== s) return;
    this.reads++;
    let next = s.prev ? this.intervalMs : this.firstDeltaMs;
    try {
      const sample = await this.deps.read(s.containerId, s.controller.signal);
      if (s.controller.signal.aborted) return;
      if (!sample.readAt) return this.end(s.containerId, "container is not running");
      const point: StatsPoint = {
        containerId: s.containerId,
        at: sample.readAt.toISOString(),
        cpuPercent: cpuPercent(s.prev, sample),
        memoryBytes: sample.memoryBytes,
        memoryLimitBytes: sample.memoryLimitBytes,
        memoryPercent: memoryPercent(sample.memoryBytes, sample.memoryLimitBytes),
        pids: sample.pids,
      };
      s.prev = {
        cpuTotalNs: sample.cpuTotalNs,
        systemCpuNs: sample.systemCpuNs,
        onlineCpus: sample.onlineCpus,
      };
      s.last = point;
      s.failures = 0;
      this.emit(s, { type: "stats", point });
    } catch (error) {
      if (s.controller.signal.aborted) return;
      const kind = (error as { kind?: string }).kind;
      if (kind === "not_found") return this.end(s.containerId, "container removed");
      // Engine unreachable or busy: say so, keep the sampler, back off up to 10 s.
      s.failures++;
      next = Math.min(10_000, this.intervalMs * 2 ** s.failures);
      this.emit(s, { type: "error", containerId: s.containerId, message: (error as Error).message });
    }
    if (this.samplers.get(s.containerId) !== s) return;
    s.timer = setTimeout(() => void this.tick(s), next);
    s.timer.unref?.();
  }

  private end(containerId: string, reason: string) {
    const s = this.samplers.get(containerId);
    if (!s) return;
    this.emit(s, { type: "ended", containerId, reason });
    this.stopSampler(s);
  }

  private emit(s: Sampler, update: StatsUpdate) {
    for (const listener of [...s.listeners]) {
      try {
        listener(update);
      } catch {
        // A listener's failure (a closed stream) must not starve the others.
      }
    }
  }

  private stopSampler(s: Sampler) {
    if (this.samplers.get(s.containerId) === s) this.samplers.delete(s.containerId);
    clearTimeout(s.timer);
    s.controller.abort();
    s.listeners.clear();
  }
}
