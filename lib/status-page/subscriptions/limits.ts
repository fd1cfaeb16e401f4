import "server-only";
import { createHash } from "node:crypto";
import type { CounterStore } from "@/lib/auth/rate-limit";
import { RateLimited } from "@/lib/errors";

/**
 * Sign-ups are limited per client address (one sender cannot sign up the world) and per
 * subscriber address (nobody can make one inbox or one URL receive a flood of confirmations);
 * the links' POSTs per client address. Counters are shared through Redis when it is set
 * (lib/auth/rate-limit.ts); keys hold a hash, never an address.
 */

export interface Limit {
  max: number;
  windowMs: number;
}

export interface SignupLimits {
  perClient: Limit;
  perAddress: Limit;
  links: Limit;
}

export const SIGNUP_LIMITS: SignupLimits = {
  perClient: { max: 10, windowMs: 60 * 60_000 },
  perAddress: { max: 3, windowMs: 60 * 60_000 },
  links: { max: 60, windowMs: 10 * 60_000 },
};

const digest = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 22);

export class SignupLimiter {
  constructor(
    private readonly store: CounterStore,
    private readonly limits: SignupLimits = SIGNUP_LIMITS,
  ) {}

  /** Counts a sign-up; throws RateLimited when the client or one of the addresses is over its limit. */
  async signup(clientIp: string | undefined, addresses: readonly string[]): Promise<void> {
    // Without a known client every visitor would share one count: the per-address one still applies.
    if (clientIp && clientIp !== "unknown") {
      const { max, windowMs } = this.limits.perClient;
      const hit = await this.store.hit(`opsdeck:status-sub:client:${clientIp}`, windowMs);
      if (hit.count > max)
        throw new RateLimited(`Too many sign-ups from your address. ${wait(hit.resetInMs)}`);
    }
    for (const address of addresses) {
      const { max, windowMs } = this.limits.perAddress;
      const hit = await this.store.hit(`opsdeck:status-sub:address:${digest(address)}`, windowMs);
      if (hit.count > max)
        throw new RateLimited(`Too many sign-ups for this address. ${wait(hit.resetInMs)}`);
    }
  }

  /** Counts a confirmation or unsubscribe POST (or a look at its page). */
  async link(clientIp: string | undefined): Promise<void> {
    if (!clientIp || clientIp === "unknown") return;
    const { max, windowMs } = this.limits.links;
    const hit = await this.store.hit(`opsdeck:status-sub:link:${clientIp}`, windowMs);
    if (hit.count > max) throw new RateLimited(`Too many requests from your address. ${wait(hit.resetInMs)}`);
  }
}

function wait(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
