/**
 * Whether a request's Origin is the console itself: scheme, host and port all equal. The console's
 * origin is its public URL when one is set (NEXTAUTH_URL); else `http://` and the Host header, as
 * the console's own server speaks plain HTTP; X-Forwarded-Host and -Proto only when the request
 * came through a trusted proxy (`forwarded`), since anyone else can write them. Pure, so the
 * proxy (edge of every page) and the verb wrapper share it.
 */
export function isSameOrigin(h: Headers, publicUrl: string | undefined, forwarded = false): boolean {
  const origin = h.get("origin");
  if (!origin || origin === "null") return false;
  const expected = consoleOrigin(h, publicUrl, forwarded);
  if (!expected) return false;
  try {
    return new URL(origin).origin === expected;
  } catch {
    return false;
  }
}

/** The console's own origin for this request, or null when the request names no host. */
export function consoleOrigin(h: Headers, publicUrl: string | undefined, forwarded = false): string | null {
  try {
    if (publicUrl) return new URL(publicUrl).origin;
    const first = (name: string) => h.get(name)?.split(",")[0]?.trim() || undefined;
    const host = (forwarded && first("x-forwarded-host")) || h.get("host");
    const scheme = forwarded && first("x-forwarded-proto") === "https" ? "https" : "http";
    return host ? new URL(`${scheme}://${host}`).origin : null;
  } catch {
    return null;
  }
}
