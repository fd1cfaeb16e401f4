import "server-only";
import type { DockerEvent, DockerGateway } from "@/lib/infra/docker";

export const CONTAINER_EVENT_TYPES = [
  "start",
  "die",
  "kill",
  "oom",
  "health_status",
  "destroy",
  "stop",
  "restart",
  "create",
] as const;
export type ContainerEventType = (typeof CONTAINER_EVENT_TYPES)[number];

export interface ContainerEvent {
  type: ContainerEventType;
  containerId: string;
  name: string;
  /** Container labels plus Docker's own (image, exitCode, signal ...); hostile input. */
  attributes: Record<string, string>;
  /** Set on health_status events. */
  health?: "healthy" | "unhealthy" | "starting";
  /** Milliseconds since epoch. */
  time: number;
}

export interface FollowOptions {
  onEvent(event: ContainerEvent): void;
  /** After every (re)connect: reconcile with a full listContainers, the daemon replays at most 256 events. */
  onConnected?(): void;
  /** Once per loss of the stream (or first failure to connect); `since` is when it was lost. */
  onDisconnected?(error: unknown, since: Date): void;
  signal: AbortSignal;
  /** Backoff bounds, overridable for tests. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Follows container events until `signal` aborts, reconnecting with exponential backoff and
 * jitter. The first connection replays from when following started; a reconnect, from the last
 * event seen, skipping the ones already delivered, so a short drop loses nothing the daemon
 * still remembers.
 */
export async function followDockerEvents(gateway: DockerGateway, opts: FollowOptions): Promise<void> {
  const { signal, minDelayMs = 250, maxDelayMs = 10_000 } = opts;
  const seen = new RecentKeys();
  // From the start, not from whenever the first connection lands: a restart in between (its
  // `kill` before the stream, its `die` after) would otherwise look like a crash.
  let lastTime: number | undefined = Date.now();
  let attempt = 0;
  let connected: boolean | undefined;
  while (!signal.aborted) {
    let lost: unknown = new Error("Docker events stream ended");
    try {
      const events = await gateway.events({
        since: lastTime === undefined ? undefined : new Date(lastTime),
        filters: { type: ["container"], event: [...CONTAINER_EVENT_TYPES] },
        signal,
      });
      connected = true;
      attempt = 0;
      opts.onConnected?.();
      for await (const raw of events) {
        const event = toContainerEvent(raw);
        if (!event || seen.has(raw)) continue;
        seen.add(raw);
        lastTime = raw.time;
        opts.onEvent(event);
      }
    } catch (error) {
      lost = error;
    }
    if (signal.aborted) return;
    if (connected !== false) opts.onDisconnected?.(lost, new Date());
    connected = false;
    await sleep(backoff(attempt++, minDelayMs, maxDelayMs), signal);
  }
}

/** 250ms, 500ms, 1s ... capped, each scaled by a random 50-100% so replicas do not stampede. */
export function backoff(attempt: number, minMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling * (0.5 + Math.random() * 0.5));
}

export function toContainerEvent(raw: DockerEvent): ContainerEvent | null {
  if (raw.type !== "container" || !raw.actorId) return null;
  // Health events arrive as "health_status: healthy"; exec events as "exec_start: cmd".
  const [action, detail] = raw.action.split(":", 2).map((part) => part.trim());
  if (!(CONTAINER_EVENT_TYPES as readonly string[]).includes(action)) return null;
  const event: ContainerEvent = {
    type: action as ContainerEventType,
    containerId: raw.actorId,
    name: raw.attributes.name ?? "",
    attributes: raw.attributes,
    time: raw.time,
  };
  if (action === "health_status" && (detail === "healthy" || detail === "unhealthy" || detail === "starting"))
    event.health = detail;
  return event;
}

/** Keys of recently delivered events, to drop the replayed duplicates after a reconnect. */
class RecentKeys {
  private readonly keys = new Map<string, number>();

  private key(e: DockerEvent): string {
    return `${e.time}|${e.actorId}|${e.action}`;
  }

  has(e: DockerEvent): boolean {
    return this.keys.has(this.key(e));
  }

  add(e: DockerEvent): void {
    this.keys.set(this.key(e), e.time);
    // Replay starts at the last event's second, so older keys can never come back.
    if (this.keys.size > 512) for (const [k, t] of this.keys) if (t < e.time - 2000) this.keys.delete(k);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
