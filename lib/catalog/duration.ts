import { z } from "zod";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "250ms", "5s", "2m", "1h", "90d" into milliseconds; null when malformed. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return null;
  return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
}

/** The longest duration anything in config may take (retention of ten years). */
export const MAX_DURATION_MS = 3650 * 86_400_000;

/** A duration written as a string with a unit ("30s") or a bare number of seconds. */
export const durationSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = typeof value === "number" ? Math.round(value * 1000) : parseDuration(value);
  if (ms === null) {
    ctx.addIssue({
      code: "custom",
      message: `expected a duration such as "500ms", "30s", "5m" or "1h", got "${String(value).slice(0, 40)}"`,
    });
    return z.NEVER;
  }
  if (!(ms > 0)) {
    ctx.addIssue({ code: "custom", message: `expected a duration above zero, got "${value}"` });
    return z.NEVER;
  }
  if (!Number.isFinite(ms) || ms > MAX_DURATION_MS) {
    ctx.addIssue({
      code: "custom",
      message: `expected a duration of at most 3650d, got "${String(value).slice(0, 40)}"`,
    });
    return z.NEVER;
  }
  return ms;
});
