import "server-only";
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import type { Db } from "@/lib/infra/db";
import { log, shortErrorMessage } from "@/lib/infra/logger";

export interface LockHolder {
  runId: string;
  actorName: string;
  startedAt: string;
}

export interface LockHandle {
  release(): Promise<void>;
}

export type AcquireResult = { ok: true; handle: LockHandle } | { ok: false; holder: LockHolder };

export interface LockOptions {
  db: () => Promise<Db>;
  redisUrl?: string;
}

const RELEASE_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * One run per concurrency key. An in-process map answers at once for this replica; across
 * replicas the key is held in Redis (SET NX PX) when configured, else in the database
 * (a row per key). Locks expire after the action's timeout plus a margin, so a crashed
 * replica cannot hold a key for ever.
 */
const RELEASE_RETRY_MS = 2000;

export class ActionLocks {
  private local = new Map<string, LockHolder>();
  private redis: Redis | null = null;

  constructor(private readonly opts: LockOptions) {
    if (opts.redisUrl) {
      this.redis = new Redis(opts.redisUrl, {
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 1000,
        retryStrategy: (n) => Math.min(n * 500, 5000),
      });
      this.redis.on("error", () => undefined);
      this.redis.connect().catch(() => undefined);
    }
  }

  async acquire(key: string, holder: LockHolder, ttlMs: number): Promise<AcquireResult> {
    const mine = this.local.get(key);
    if (mine) return { ok: false, holder: mine };
    this.local.set(key, holder);
    const token = randomUUID();
    try {
      const shared = await this.acquireShared(key, holder, token, ttlMs);
      if (!shared.ok) {
        this.local.delete(key);
        return shared;
      }
      return {
        ok: true,
        handle: {
          release: async () => {
            this.local.delete(key);
            // A store that is down at release time (the run ended during an outage) would keep
            // the target locked until the lock expires: try again until it answers or it has.
            const until = Date.now() + ttlMs;
            const attempt = async (): Promise<void> => {
              try {
                await shared.release();
              } catch (error) {
                if (Date.now() >= until) return;
                log.warn("action lock release failed; retrying", { key, error: shortErrorMessage(error) });
                setTimeout(() => void attempt(), RELEASE_RETRY_MS).unref();
              }
            };
            await attempt();
          },
        },
      };
    } catch (error) {
      this.local.delete(key);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }

  private async acquireShared(
    key: string,
    holder: LockHolder,
    token: string,
    ttlMs: number,
  ): Promise<{ ok: true; release(): Promise<void> } | { ok: false; holder: LockHolder }> {
    if (this.redis && this.redis.status === "ready") {
      try {
        const redisKey = `opsdeck:lock:${key}`;
        const value = JSON.stringify({ ...holder, token });
        const set = await this.redis.set(redisKey, value, "PX", ttlMs, "NX");
        if (set === "OK")
          return {
            ok: true,
            release: async () => void (await this.redis?.eval(RELEASE_SCRIPT, 1, redisKey, value)),
          };
        const current = await this.redis.get(redisKey);
        if (current) return { ok: false, holder: pickHolder(JSON.parse(current)) };
        return this.acquireShared(key, holder, token, ttlMs);
      } catch (error) {
        log.warn("redis lock unavailable; using the database lock", { error: shortErrorMessage(error) });
      }
    }
    return this.acquireDb(key, holder, ttlMs);
  }

  private async acquireDb(
    key: string,
    holder: LockHolder,
    ttlMs: number,
  ): Promise<{ ok: true; release(): Promise<void> } | { ok: false; holder: LockHolder }> {
    let db: Db;
    try {
      db = await this.opts.db();
      const now = new Date();
      await db.actionLock.deleteMany({ where: { key, expiresAt: { lt: now } } });
      await db.actionLock.create({
        data: {
          key,
          runId: holder.runId,
          actorName: holder.actorName,
          startedAt: new Date(holder.startedAt),
          expiresAt: new Date(now.getTime() + ttlMs),
        },
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "P2002") {
        const row = await this.opts
          .db()
          .then((d) => d.actionLock.findUnique({ where: { key } }))
          .catch(() => null);
        if (row)
          return {
            ok: false,
            holder: { runId: row.runId, actorName: row.actorName, startedAt: row.startedAt.toISOString() },
          };
        return this.acquireDb(key, holder, ttlMs);
      }
      // No shared store reachable (database down, no Redis): this replica's own lock is all there
      // is. Better a run than a console that cannot restart anything during an outage.
      log.warn("no shared lock store reachable; locking on this replica only", {
        key,
        error: shortErrorMessage(error),
      });
      return { ok: true, release: async () => undefined };
    }
    return {
      ok: true,
      release: async () => {
        await db.actionLock.deleteMany({ where: { key, runId: holder.runId } });
      },
    };
  }
}

function pickHolder(v: { runId?: string; actorName?: string; startedAt?: string }): LockHolder {
  return {
    runId: String(v.runId ?? ""),
    actorName: String(v.actorName ?? "someone"),
    startedAt: String(v.startedAt ?? ""),
  };
}
