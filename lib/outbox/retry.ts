/**
 * When a failed message is tried again: 30 s after the first failure, doubling, at most 15
 * minutes apart, for as long as it takes. A message is never dropped for failing: a mail
 * server that is down for a day delays delivery by a day.
 */

export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 15 * 60_000;

/** The wait after the `attempt`-th failed attempt (1 for the first). */
export function retryDelayMs(attempt: number): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2^5 × 30 s already passes 15 min: no overflow however many attempts.
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(n - 1, 10));
}
