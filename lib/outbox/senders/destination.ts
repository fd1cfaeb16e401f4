import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

/**
 * Where a webhook may go: not into the console's own network (loopback, private, link-local,
 * carrier-grade NAT, multicast, unspecified) unless allowed. Checked on every address a name
 * resolves to, at connection time, so a name that changes its answer between the sign-up and a
 * delivery (DNS rebinding) is still refused.
 */

const blocked = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const)
  blocked.addSubnet(net, bits, "ipv6");

export class DestinationRefused extends Error {
  readonly code = "EDESTINATION";
}

/** Whether `address` (an IP literal) is one a public webhook may not reach. */
export function isPrivateAddress(address: string): boolean {
  const v = address.replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(v)?.[1];
  const ip = mapped ?? v;
  const family = isIP(ip);
  if (family === 0) return true; // not an address: nothing to vouch for it
  return blocked.check(ip, family === 6 ? "ipv6" : "ipv4");
}

export function refusal(host: string, address: string): DestinationRefused {
  const what = host === address ? address : `${host} (${address})`;
  return new DestinationRefused(
    `refused: ${what} is a private, loopback or link-local address (not allowed for this destination)`,
  );
}

export type Resolver = (host: string) => Promise<string[]>;

export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve((addresses as LookupAddress[]).map((a) => a.address)),
    ),
  );

/** Checks a URL's host now (sign-up); throws DestinationRefused or the resolver's error. */
export async function checkDestination(url: string, allowPrivate: boolean, resolve = systemResolver) {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (allowPrivate) return;
  const addresses = isIP(host) ? [host] : await resolve(host);
  const bad = addresses.find(isPrivateAddress);
  if (bad !== undefined || addresses.length === 0) throw refusal(host, bad ?? host);
}

/** A `lookup` for http.request that refuses private answers, so the checked address is the one connected to. */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      const list = (addresses ?? []) as LookupAddress[];
      const bad = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      const failure = error ?? (bad ? refusal(hostname, bad.address) : null);
      if (failure) return callback(failure as NodeJS.ErrnoException, "", 4);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}
