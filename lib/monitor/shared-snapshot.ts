import "server-only";
import Redis from "ioredis";
import { log } from "@/lib/infra/logger";

/**
 * With OPSDECK_ROLE=worker the monitor runs in another process; it keeps the latest map in
 * Redis (throttled) and web replicas read it from there. Changes themselves go over the bus.
 */
const KEY = "opsdeck:map-snapshot";
const TTL_S = 120;

export function createSnapshotPublisher(redisUrl: string, read: () => string, everyMs = 500) {
  const redis = new Redis(redisUrl, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  redis.on("error", () => {});
  let pending: ReturnType<typeof setTimeout> | null = null;
  const write = async () => {
    pending = null;
    try {
      await redis.set(KEY, read(), "EX", TTL_S);
    } catch (error) {
      log.debug("snapshot not shared", { error: String(error) });
    }
  };
  // Rewritten periodically too, so the TTL marks a dead worker.
  const heartbeat = setInterval(() => void write(), 30_000);
  heartbeat.unref?.();
  return {
    changed() {
      pending ??= setTimeout(() => void write(), everyMs);
    },
    close() {
      clearInterval(heartbeat);
      redis.disconnect();
    },
  };
}

let reader: Redis | null = null;

/** The worker's latest map as it wrote it (JSON), or null when there is none or Redis is unreachable. */
export async function readSharedSnapshotJson(redisUrl: string): Promise<string | null> {
  reader ??= new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  reader.on("error", () => {});
  try {
    return await reader.get(KEY);
  } catch {
    return null;
  }
}
