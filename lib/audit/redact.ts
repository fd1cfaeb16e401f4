/**
 * Parameters are stored redacted: a key that names a secret keeps its name, never its value,
 * and credentials inside URLs are masked. Applied before hashing, so secrets never enter the chain.
 */
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|credential|private[-_]?key|cookie/i;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]*)(:[^/\s@]*)?@/gi;
export const REDACTED = "[redacted]";
const MAX_DEPTH = 8;
const MAX_STRING = 2000;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return "[too deep]";
  if (typeof value === "string") {
    const masked = value.replace(URL_CREDENTIALS, (_, scheme: string, user: string, pass?: string) =>
      pass ? `${scheme}${user}:${REDACTED}@` : `${scheme}${user}@`,
    );
    return masked.length > MAX_STRING ? `${masked.slice(0, MAX_STRING)}…` : masked;
  }
  if (Array.isArray(value)) return value.slice(0, 200).map((v) => redact(v, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      out[key] =
        SECRET_KEY.test(key) && v !== null && v !== undefined && v !== "" ? REDACTED : redact(v, depth + 1);
    }
    return out;
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "function" || typeof value === "symbol") return undefined;
  return value;
}
