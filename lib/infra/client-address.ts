import { BlockList, isIP } from "node:net";

/**
 * Who sent a request. The socket's peer is the one address nobody can forge; the console's own
 * server (scripts/server.mjs) writes it into a header on every request, overwriting whatever a
 * client sent. X-Forwarded-For, X-Real-IP, X-Forwarded-Host and X-Forwarded-Proto are believed
 * only when that peer is one of OPSDECK_TRUSTED_PROXIES (addresses or CIDRs; default none).
 */

type Header = (name: string) => string | null | undefined;

/** Set by scripts/server.mjs in this process: the name of the header it writes the peer into. */
const PEER_HEADER_KEY = Symbol.for("opsdeck.peerHeader");

/** Addresses and CIDRs, comma-separated; throws naming the entry that is neither. */
export function parseTrustedProxies(spec: string | undefined): BlockList {
  const list = new BlockList();
  for (const raw of (spec ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address, prefix, extra] = raw.split("/");
    const family = isIP(address);
    const bits = prefix === undefined ? null : Number(prefix);
    const max = family === 6 ? 128 : 32;
    if (
      !family ||
      extra !== undefined ||
      (bits !== null && !(Number.isInteger(bits) && bits >= 0 && bits <= max))
    )
      throw new Error(`"${raw}" is not an IP address or a CIDR such as 10.0.0.0/8 or fd00::/8`);
    const type = family === 6 ? "ipv6" : "ipv4";
    if (bits === null) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return list;
}

/** "::ffff:10.0.0.1" is 10.0.0.1; anything that is not an IP address is nothing. */
export function normalizeAddress(value: string | null | undefined): string | undefined {
  const v = value?.trim().replace(/^\[|\]$/g, "");
  if (!v) return undefined;
  const mapped = v.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
  const address = mapped ?? v;
  return isIP(address) ? address : undefined;
}

function isTrusted(trusted: BlockList, address: string): boolean {
  return trusted.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/** The socket's peer, when the console's own server recorded it (never from a client's header). */
export function peerAddress(header: Header): string | undefined {
  const name = (globalThis as Record<symbol, unknown>)[PEER_HEADER_KEY];
  return typeof name === "string" ? normalizeAddress(header(name)) : undefined;
}

/** Whether the forwarded headers of this request come from a proxy the operator trusts. */
export function fromTrustedProxy(header: Header, trusted: BlockList): boolean {
  const peer = peerAddress(header);
  return peer !== undefined && isTrusted(trusted, peer);
}

/**
 * The client's address: the peer itself, unless the peer is a trusted proxy; then the nearest
 * X-Forwarded-For hop that is not a trusted proxy (read from the right: hops further left were
 * written by whoever connected to the proxy); when every hop is trusted, X-Real-IP, else the peer.
 */
export function clientAddress(header: Header, trusted: BlockList): string | undefined {
  const peer = peerAddress(header);
  if (!peer || !isTrusted(trusted, peer)) return peer;
  const hops = (header("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => normalizeAddress(h))
    .filter((h): h is string => h !== undefined);
  for (let i = hops.length - 1; i >= 0; i--) if (!isTrusted(trusted, hops[i])) return hops[i];
  // Every hop is a trusted proxy (Next itself appends the peer when the header is absent).
  return normalizeAddress(header("x-real-ip")) ?? hops[0] ?? peer;
}
