import "server-only";
import Redis from "ioredis";
import { env } from "@/lib/infra/env";
import { processSingleton } from "@/lib/infra/process-registry";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import type { BlockList } from "node:net";
import { clientAddress } from "@/lib/infra/client-address";

/**
 * Sign-in rate limiting that slows a guesser without locking the owner out:
 * - per account and address: 5 failures in 15 minutes, then that address waits out the window
 *   for that account (the owner, elsewhere, is not affected);
 * - per address: 20 failures in 15 minutes across all accounts;
 * - per account, from anywhere: after 10 failures in 15 minutes, each further attempt must wait
 *   a delay that doubles (1 s, 2 s, 4 s, … at most 60 s) after the previous one: a botnet gets a
 *   guess a minute, the owner at most a minute's wait, never a lockout.
 * Each attempt counts before the password is checked, so parallel guesses cannot slip past; a
 * successful sign-in clears the account's counts and gives the address its attempt back.
 * Counters live in Redis when REDIS_URL is set (shared by every replica); otherwise, or while
 * Redis is unreachable, in this process: each replica then counts on its own.
 */

export interface LoginLimits {
  /** Failures per account from one address in a window. */
  pairMax: number;
  addressMax: number;
  /** Failures per account from anywhere before the back-off starts. */
  accountFree: number;
  maxBackoffMs: number;
  windowMs: number;
}

export const LOGIN_LIMITS: LoginLimits = {
  pairMax: 5,
  addressMax: 20,
  accountFree: 10,
  maxBackoffMs: 60_000,
  windowMs: 15 * 60_000,
};

export interface CounterStore {
  /** Adds one to `key` (starting a window of `windowMs` when new): the count and time left. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  /** Takes one back (an attempt that turned out not to be a failure). */
  undo(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

export type LoginGate =
  { ok: true } | { ok: false; scope: "account" | "address" | "backoff"; retryInMs: number; message: string };

export class LoginRateLimiter {
  constructor(
    private readonly store: CounterStore,
    private readonly limits: LoginLimits = LOGIN_LIMITS,
  ) {}

  /** Counts an attempt; refuses it when one of the limits above is reached. */
  async attempt(email: string, address: string | undefined): Promise<LoginGate> {
    const { pairMax, addressMax, windowMs } = this.limits;
    // Without a known address every client would share one bucket: one attacker could then lock
    // out everybody, so only the account's back-off applies.
    if (address) {
      const pair = await this.store.hit(pairKey(email, address), windowMs);
      if (pair.count > pairMax) return refuse("account", pair.resetInMs);
    }
    const backoff = await this.backoff(email);
    if (backoff) return backoff;
    if (address) {
      const source = await this.store.hit(addressKey(address), windowMs);
      if (source.count > addressMax) return refuse("address", source.resetInMs);
    }
    return { ok: true };
  }

  async succeeded(email: string, address: string | undefined): Promise<void> {
    await this.store.reset(accountKey(email));
    await this.store.reset(`${accountKey(email)}:gate`);
    if (address) {
      await this.store.reset(pairKey(email, address));
      await this.store.undo(addressKey(address));
    }
  }

  /** The account's doubling delay: refused while the gate of the previous attempt is open. */
  private async backoff(email: string): Promise<LoginGate | null> {
    const { accountFree, maxBackoffMs, windowMs } = this.limits;
    const account = await this.store.hit(accountKey(email), windowMs);
    if (account.count <= accountFree) return null;
    const delayMs = Math.min(maxBackoffMs, 1000 * 2 ** Math.min(20, account.count - accountFree - 1));
    const gate = await this.store.hit(`${accountKey(email)}:gate`, delayMs);
    if (gate.count <= 1) return null;
    // A refused attempt does not lengthen the next delay.
    await this.store.undo(accountKey(email));
    return refuse("backoff", gate.resetInMs);
  }
}

const accountKey = (email: string) => `opsdeck:login:account:${email.trim().toLowerCase()}`;
const pairKey = (email: string, address: string) =>
  `opsdeck:login:pair:${email.trim().toLowerCase()}:${address}`;
const addressKey = (address: string) => `opsdeck:login:address:${address}`;

function refuse(scope: "account" | "address" | "backoff", retryInMs: number): LoginGate {
  if (scope === "backoff") {
    const seconds = Math.max(1, Math.ceil(retryInMs / 1000));
    const message = `too many failed sign-ins for this account; wait ${seconds} second${seconds === 1 ? "" : "s"} before the next attempt`;
    return { ok: false, scope, retryInMs, message };
  }
  const minutes = Math.max(1, Math.ceil(retryInMs / 60_000));
  const what = scope === "account" ? "this account from this address" : "this address";
  const message = `too many failed sign-ins for ${what}; try again in ${minutes} minute${minutes === 1 ? "" : "s"}`;
  return { ok: false, scope, retryInMs, message };
}

/** Counters of this process. Bounded: a spray of random emails cannot grow it without limit. */
export class MemoryCounterStore implements CounterStore {
  private counters = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  async hit(key: string, windowMs: number) {
    const now = this.now();
    let entry = this.counters.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.counters.size >= this.maxKeys) this.evict(now);
      entry = { count: 0, resetAt: now + windowMs };
      this.counters.set(key, entry);
    }
    entry.count += 1;
    return { count: entry.count, resetInMs: entry.resetAt - now };
  }

  async undo(key: string) {
    const entry = this.counters.get(key);
    if (entry && entry.count > 0) entry.count -= 1;
  }

  async reset(key: string) {
    this.counters.delete(key);
  }

  private evict(now: number) {
    for (const [key, entry] of this.counters) if (entry.resetAt <= now) this.counters.delete(key);
    // Still full of live windows: drop the oldest (Map keeps insertion order).
    for (const key of this.counters.keys()) {
      if (this.counters.size < this.maxKeys) break;
      this.counters.delete(key);
    }
  }
}

/** INCR and PEXPIRE in one step, so a crash between them cannot leave a counter without expiry. */
const HIT_SCRIPT = `local n = redis.call("INCR", KEYS[1])
if n == 1 or redis.call("PTTL", KEYS[1]) < 0 then redis.call("PEXPIRE", KEYS[1], ARGV[1]) end
return {n, redis.call("PTTL", KEYS[1])}`;
const UNDO_SCRIPT = `if tonumber(redis.call("GET", KEYS[1]) or "0") > 0 then return redis.call("DECR", KEYS[1]) end return 0`;

/** Counters in Redis, shared by every replica; falls back to this process's while Redis is down. */
export class RedisCounterStore implements CounterStore {
  private readonly fallback = new MemoryCounterStore();

  constructor(private readonly redis: Redis) {}

  static connect(url: string): RedisCounterStore {
    const redis = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 1000,
      retryStrategy: (n) => Math.min(n * 500, 5000),
    });
    redis.on("error", () => undefined);
    redis.connect().catch(() => undefined);
    return new RedisCounterStore(redis);
  }

  async hit(key: string, windowMs: number) {
    return this.shared(
      async () => {
        const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, key, windowMs)) as [number, number];
        return { count, resetInMs: ttl > 0 ? ttl : windowMs };
      },
      () => this.fallback.hit(key, windowMs),
    );
  }

  async undo(key: string) {
    await this.shared(
      async () => void (await this.redis.eval(UNDO_SCRIPT, 1, key)),
      () => this.fallback.undo(key),
    );
  }

  async reset(key: string) {
    await this.shared(
      async () => void (await this.redis.del(key)),
      () => this.fallback.reset(key),
    );
  }

  close(): void {
    this.redis.disconnect();
  }

  private async shared<T>(viaRedis: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    if (this.redis.status === "ready") {
      try {
        return await viaRedis();
      } catch (error) {
        log.warn("sign-in rate limit: Redis failed; counting on this replica", {
          error: shortErrorMessage(error),
        });
      }
    }
    return local();
  }
}

/** The process's limiter: Redis-backed when REDIS_URL is set, else in memory. */
export function loginRateLimiter(): LoginRateLimiter {
  return processSingleton("login-limiter", () => {
    const url = env().REDIS_URL;
    return new LoginRateLimiter(url ? RedisCounterStore.connect(url) : new MemoryCounterStore());
  });
}

/** The caller's address: the socket's peer, or what a trusted proxy says (lib/infra/client-address.ts). */
export function sourceAddress(
  headers: Record<string, unknown> | undefined,
  trusted: BlockList = env().trustedProxies,
): string | undefined {
  const header = (name: string) => {
    const v = headers?.[name];
    return typeof v === "string" ? v : Array.isArray(v) && typeof v[0] === "string" ? v[0] : undefined;
  };
  return clientAddress(header, trusted);
}
