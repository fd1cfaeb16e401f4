import { describe, expect, it } from "vitest";
import { parseTrustedProxies } from "@/lib/infra/client-address";
import { LoginRateLimiter, MemoryCounterStore, sourceAddress, type LoginGate } from "./rate-limit";

const MIN = 60_000;

function limiter(limits = { accountMax: 5, addressMax: 20, windowMs: 15 * MIN }) {
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
  it("lets five failures per account through and refuses the sixth, naming the wait", async () => {
    const { limiter: l } = limiter();
    const gates = await attempts(l, 6, "ana@example.com", "10.0.0.1");
    expect(gates.slice(0, 5).every((g) => g.ok)).toBe(true);
    expect(gates[5]).toEqual({
      ok: false,
      scope: "account",
      retryInMs: 15 * MIN,
      message: "too many failed sign-ins for this account; try again in 15 minutes",
    });
  });

  it("counts an account the same whatever the case or spacing of the email", async () => {
    const { limiter: l } = limiter();
    await attempts(l, 5, "Ana@Example.com", "10.0.0.1");
    expect((await l.attempt(" ana@example.com ", "10.0.0.2")).ok).toBe(false);
  });

  it("counts down the wait, rounding up to whole minutes, and opens again when the window ends", async () => {
    const { limiter: l, advance } = limiter();
    await attempts(l, 5, "ana@example.com", "10.0.0.1");
    advance(14 * MIN + 30_000);
    const refused = await l.attempt("ana@example.com", "10.0.0.1");
    expect(refused.ok === false && refused.message).toBe(
      "too many failed sign-ins for this account; try again in 1 minute",
    );
    advance(31_000);
    expect((await l.attempt("ana@example.com", "10.0.0.1")).ok).toBe(true);
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

  it("without a known address only the account limit applies (no shared 'unknown' bucket)", async () => {
    const { limiter: l } = limiter();
    for (let i = 0; i < 30; i++) expect((await l.attempt(`user${i}@example.com`, undefined)).ok).toBe(true);
    expect((await attempts(l, 6, "ana@example.com", undefined))[5].ok).toBe(false);
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
