import type { Match } from "./match";

/** A match without parameters: what the matchers of each command family return. */
export function found(
  kind: Match["kind"],
  service: string,
  target: string,
  confidence: Match["confidence"],
  reason: string,
): Match {
  return { kind, service, target, confidence, reason };
}
