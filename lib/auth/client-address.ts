/**
 * The client's address as the reverse proxy reports it: the first X-Forwarded-For entry, else
 * X-Real-IP. Only as trustworthy as a proxy that overwrites those headers.
 */
export function clientAddress(header: (name: string) => string | null | undefined): string | undefined {
  const forwarded = header("x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || header("x-real-ip")?.trim() || undefined)?.slice(0, 100);
}
