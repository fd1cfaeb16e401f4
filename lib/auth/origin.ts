/**
 * Whether a request's Origin is the console itself: scheme, host and port all equal. The console's
 * origin is its public URL when one is set (NEXTAUTH_URL), else `http://` and the Host header:
 * `next start` speaks plain HTTP, and forwarded headers (X-Forwarded-Host, -Proto) are written
 * by whoever sends the request, so they are not believed. Behind a TLS proxy, set NEXTAUTH_URL.
 * Pure, so the proxy (edge of every page) and the verb wrapper share it.
 */
export function isSameOrigin(h: Headers, publicUrl: string | undefined): boolean {
  const origin = h.get("origin");
  if (!origin || origin === "null") return false;
  const expected = consoleOrigin(h, publicUrl);
  if (!expected) return false;
  try {
    return new URL(origin).origin === expected;
  } catch {
    return false;
  }
}

/** The console's own origin for this request, or null when the request names no host. */
export function consoleOrigin(h: Headers, publicUrl: string | undefined): string | null {
  try {
    if (publicUrl) return new URL(publicUrl).origin;
    const host = h.get("host");
    return host ? new URL(`http://${host}`).origin : null;
  } catch {
    return null;
  }
}
