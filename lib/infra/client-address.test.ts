import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clientAddress, fromTrustedProxy, normalizeAddress, parseTrustedProxies } from "./client-address";

const KEY = Symbol.for("opsdeck.peerHeader");
const g = globalThis as Record<symbol, unknown>;

/** Headers as the console's server hands them on: the peer it saw, and whatever the client wrote. */
const from = (peer: string, sent: Record<string, string> = {}) => {
  const h = new Headers({ ...sent, "x-opsdeck-peer": peer });
  return (name: string) => h.get(name);
};

describe("the client's address", () => {
  beforeEach(() => void (g[KEY] = "x-opsdeck-peer"));
  afterEach(() => void delete g[KEY]);

  it("is the socket's peer when no proxy is trusted, whatever the headers say", () => {
    const none = parseTrustedProxies("");
    const spoofed = { "x-forwarded-for": "203.0.113.66", "x-real-ip": "203.0.113.67" };
    expect(clientAddress(from("198.51.100.9", spoofed), none)).toBe("198.51.100.9");
    expect(clientAddress(from("::ffff:198.51.100.9", spoofed), none)).toBe("198.51.100.9");
    expect(fromTrustedProxy(from("198.51.100.9", spoofed), none)).toBe(false);
  });

  it("is the peer when the peer is not one of the trusted proxies", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8");
    expect(clientAddress(from("198.51.100.9", { "x-forwarded-for": "203.0.113.66" }), trusted)).toBe(
      "198.51.100.9",
    );
  });

  it("is the nearest untrusted X-Forwarded-For hop when a trusted proxy sent the request", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, 192.0.2.10");
    // The client forged the first entry; the trusted proxies appended what they saw.
    const h = from("10.1.2.3", { "x-forwarded-for": "203.0.113.66, 198.51.100.20, 192.0.2.10" });
    expect(clientAddress(h, trusted)).toBe("198.51.100.20");
    expect(fromTrustedProxy(h, trusted)).toBe(true);
    expect(clientAddress(from("10.1.2.3", { "x-real-ip": "198.51.100.21" }), trusted)).toBe("198.51.100.21");
    expect(clientAddress(from("10.1.2.3"), trusted)).toBe("10.1.2.3");
    // Junk in the header is skipped, never quoted back.
    expect(clientAddress(from("10.1.2.3", { "x-forwarded-for": "<script>, 198.51.100.22" }), trusted)).toBe(
      "198.51.100.22",
    );
  });

  it("is unknown when the console's own server did not record the peer (a header a client sent is not it)", () => {
    delete g[KEY];
    const h = from("198.51.100.9", { "x-forwarded-for": "203.0.113.66" });
    expect(clientAddress(h, parseTrustedProxies(""))).toBeUndefined();
    expect(fromTrustedProxy(h, parseTrustedProxies("0.0.0.0/0"))).toBe(false);
  });
});

describe("OPSDECK_TRUSTED_PROXIES", () => {
  it("takes addresses and CIDRs of both families", () => {
    const list = parseTrustedProxies(" 10.0.0.0/8 , 192.0.2.1, fd00::/8, ::1 ");
    expect(list.check("10.200.0.1", "ipv4")).toBe(true);
    expect(list.check("192.0.2.1", "ipv4")).toBe(true);
    expect(list.check("192.0.2.2", "ipv4")).toBe(false);
    expect(list.check("fd12::1", "ipv6")).toBe(true);
    expect(list.check("::1", "ipv6")).toBe(true);
  });

  it.each(["10.0.0.0/33", "proxy.internal", "10.0.0.1/8/1", "fd00::/129", "10.0.0.0/x"])(
    "refuses %s, naming it",
    (bad) => {
      expect(() => parseTrustedProxies(bad)).toThrow(`"${bad}" is not an IP address or a CIDR`);
    },
  );

  it("normalizes what it reads", () => {
    expect(normalizeAddress("[::1]")).toBe("::1");
    expect(normalizeAddress("not-an-ip")).toBeUndefined();
  });
});
