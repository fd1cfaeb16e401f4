import type { ContainerRef } from "./types";

/** Thrown when a check cannot run yet (e.g. no container to aim at); the probe reports `unknown`. */
export class ProbeSkip extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProbeSkip";
  }
}

export const NO_CONTAINER_ADDRESS = "no running container with an address";

/** Replaces `{{container}}` with the IP of the first running container that has one. */
export function resolveTemplate(text: string, containers: ContainerRef[]): string {
  if (!/\{\{\s*container\s*\}\}/.test(text)) return text;
  const target = containers.find((container) => container.state === "running" && container.ip);
  if (!target?.ip) throw new ProbeSkip(NO_CONTAINER_ADDRESS);
  // IPv6 addresses need brackets inside URLs and host:port pairs.
  const host = target.ip.includes(":") ? `[${target.ip}]` : target.ip;
  return text.replace(/\{\{\s*container\s*\}\}/g, host);
}

/** Hides the password of a URL so it can appear in messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = "***";
    return parsed.toString();
  } catch {
    // Not a URL the WHATWG parser accepts: mask anything shaped like user:pass@.
    return url.replace(/\/\/([^/@:]*):[^/@]*@/g, "//$1:***@");
  }
}

/** Secrets that may appear in a URL: its password, percent-decoded or not. */
export function urlSecrets(url: string): string[] {
  try {
    const { password } = new URL(url);
    return password ? [password, safeDecode(password)] : [];
  } catch {
    const match = /\/\/[^/@:]*:([^/@]*)@/.exec(url);
    return match ? [match[1], safeDecode(match[1])] : [];
  }
}

/** Removes known secret strings from a message built from a driver's error text. */
export function scrubSecrets(message: string, secrets: readonly string[]): string {
  let result = message;
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; they are masked in URLs anyway.
    if (secret.length >= 3) result = result.split(secret).join("***");
  }
  return result;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
