import { describe, expect, it } from "vitest";
import { parseTrustedProxies } from "@/lib/infra/client-address";
import {
  LOGIN_LIMITS,
  LoginRateLimiter,
  MemoryCounterStore,
  sourceAddress,
  type LoginGate,
} from "./rate-limit";

const MIN = 60_000;

function limiter(limits = LOGIN_LIMITS) {
  let now = 1_700_000_000_000;
  const store = new MemoryCounterStore(() => now);
  return { limiter: new LoginRateLimiter(store, limits), advance: (ms: number) => (now += ms), store };
}

async function attempts(l: LoginRateLimiter, n: number, email: string, ip?: string): Promise<LoginGate[]> {
  const gates: LoginGate[] = [];
  for (let i = 0; i < n; i++) gates.push(await l.attempt(email, ip));
  return gates;
}

describe("login rate limiting (in-process counters)", () => {
  it("lets five failures per account from one address through and refuses the sixth from that address only", async () => {
    const { limiter: l } = limiter();
    const gates = await attempts(l, 6, "ana@example.com", "10.0.0.1");
    expect(gates.slice(0, 5).every((g) => g.ok)).toBe(true);
    expect(gates[5]).toEqual({
      ok: false,
      scope: "account",
      retryInMs: 15 * MIN,
      message: "too many failed sign-ins for this account from this address; try again in 15 minutes",
    });
    // The owner, from another address, is not locked out.
    expect((await l.attempt("ana@example.com", "192.0.2.44")).ok).toBe(true);
  });

  it("counts an account the same whatever the case or spacing of the email", async () => {
    const { limiter: l } = limiter();
    await attempts(l, 5, "Ana@Example.com", "10.0.0.1");
    expect((await l.attempt(" ana@example.com ", "10.0.0.1")).ok).toBe(false);
  });

  it("counts down the wait, rounding up to whole minutes, and opens again when the window ends", async () => {
    const { limiter: l, advance } = limiter();
    await attempts(l, 5, "ana@example.com", "10.0.0.1");
    advance(14 * MIN + 30_000);
    const refused = await l.attempt("ana@example.com", "10.0.0.1");
    expect(refused.ok === false && refused.message).toBe(
      "too many failed sign-ins for this account from this address; try again in 1 minute",
    );
    advance(31_000);
    expect((await l.attempt("ana@example.com", "10.0.0.1")).ok).toBe(true);
  });

  it("slows guesses at one account from many addresses with a doubling delay, never a lockout", async () => {
    const { limiter: l, advance } = limiter();
    // A botnet: every guess from a new address, so no per-address limit applies.
    let ip = 0;
    const guess = () => l.attempt("admin@example.com", `198.51.100.${ip++ % 250}`);
    for (let i = 0; i < 10; i++) expect((await guess()).ok).toBe(true);
    // The 11th opens a 1 s gate; a guess inside it is refused, saying how long to wait.
    expect((await guess()).ok).toBe(true);
    expect(await guess()).toEqual({
      ok: false,
      scope: "backoff",
      retryInMs: 1000,
      message: "too many failed sign-ins for this account; wait 1 second before the next attempt",
    });
    // Each allowed attempt doubles the next delay: 2 s, 4 s, 8 s, … up to 60 s.
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      advance(60_000);
      expect((await guess()).ok).toBe(true);
      const refused = await guess();
      if (refused.ok) throw new Error("expected a delay");
      delays.push(refused.retryInMs);
    }
    expect(delays).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    // The owner waits out at most a minute, then signs in; success clears the delay.
    advance(60_000);
    expect((await l.attempt("admin@example.com", "10.0.0.1")).ok).toBe(true);
    await l.succeeded("admin@example.com", "10.0.0.1");
    expect((await attempts(l, 5, "admin@example.com", "10.0.0.1")).every((g) => g.ok)).toBe(true);
  });

  it("a successful sign-in clears the account's failures", async () => {
    const { limiter: l } = limiter();
    await attempts(l, 4, "ana@example.com", "10.0.0.1");
    await l.succeeded("ana@example.com", "10.0.0.1");
    const gates = await attempts(l, 6, "ana@example.com", "10.0.0.1");
    expect(gates.map((g) => g.ok)).toEqual([true, true, true, true, true, false]);
  });

  it("refuses the 21st failure from one address across many accounts, and only that address", async () => {
    const { limiter: l } = limiter();
    for (let i = 0; i < 20; i++) expect((await l.attempt(`user${i}@example.com`, "10.0.0.9")).ok).toBe(true);
    const refused = await l.attempt("someone@example.com", "10.0.0.9");
    expect(refused).toMatchObject({ ok: false, scope: "address" });
    expect(refused.ok === false && refused.message).toBe(
      "too many failed sign-ins for this address; try again in 15 minutes",
    );
    expect((await l.attempt("someone@example.com", "10.0.0.10")).ok).toBe(true);
  });

  it("successful sign-ins do not use up the address's allowance", async () => {
    const { limiter: l } = limiter();
    for (let i = 0; i < 50; i++) {
      expect((await l.attempt(`user${i}@example.com`, "10.0.0.9")).ok).toBe(true);
      await l.succeeded(`user${i}@example.com`, "10.0.0.9");
    }
  });

  it("without a known address only the account's delay applies (no shared 'unknown' bucket)", async () => {
    const { limiter: l } = limiter();
    for (let i = 0; i < 30; i++) expect((await l.attempt(`user${i}@example.com`, undefined)).ok).toBe(true);
    const gates = await attempts(l, 12, "ana@example.com", undefined);
    expect(gates.slice(0, 11).every((g) => g.ok)).toBe(true);
    expect(gates[11]).toMatchObject({ ok: false, scope: "backoff" });
  });

  it("stays bounded when flooded with distinct keys", async () => {
    let now = 0;
    const store = new MemoryCounterStore(() => now, 100);
    for (let i = 0; i < 1000; i++) await store.hit(`k${i}`, MIN);
    expect((store as unknown as { counters: Map<string, unknown> }).counters.size).toBeLessThanOrEqual(100);
    now += 2 * MIN;
    expect(await store.hit("k999", MIN)).toEqual({ count: 1, resetInMs: MIN });
  });
});

describe("sourceAddress", () => {
  it("is the socket's peer unless that peer is a trusted proxy (lib/infra/client-address.test.ts has the rest)", () => {
    (globalThis as Record<symbol, unknown>)[Symbol.for("opsdeck.peerHeader")] = "x-opsdeck-peer";
    const forged = {
      "x-opsdeck-peer": "198.51.100.4",
      "x-forwarded-for": "203.0.113.7",
      "x-real-ip": "10.0.0.2",
    };
    expect(sourceAddress(forged, parseTrustedProxies(""))).toBe("198.51.100.4");
    expect(sourceAddress(forged, parseTrustedProxies("198.51.100.0/24"))).toBe("203.0.113.7");
    expect(sourceAddress(undefined, parseTrustedProxies(""))).toBeUndefined();
  });
});
