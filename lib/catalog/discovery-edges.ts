import type { CatalogEdge, EdgeSource } from "./types";

/** When two sources give the same edge, keep the one the user can act on most directly. */
const PRIORITY: Record<EdgeSource, number> = { config: 0, label: 1, compose: 2, env: 3, network: 4 };

export class EdgeSet {
  private readonly edges = new Map<string, CatalogEdge>();

  add(from: string, to: string, source: EdgeSource): void {
    if (from === to) return;
    const key = `${from}\u0000${to}`;
    const existing = this.edges.get(key);
    if (!existing || PRIORITY[source] < PRIORITY[existing.source]) this.edges.set(key, { from, to, source });
  }

  list(): CatalogEdge[] {
    return [...this.edges.values()];
  }
}

/** `com.docker.compose.depends_on` = "db:service_healthy:false,redis:service_started:false". */
export function composeDependsLabel(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((entry) => entry.split(":")[0].trim())
    .filter(Boolean);
}

/** Hostnames named by `*_URL` / `*_HOST` variables ("KEY=value" entries, as Docker reports them). */
export function envHintHosts(env: readonly string[]): string[] {
  const hosts = new Set<string>();
  for (const entry of env) {
    const eq = entry.indexOf("=");
    if (eq <= 0) continue;
    const key = entry.slice(0, eq);
    const value = entry.slice(eq + 1).trim();
    if (!/_(URL|HOST)$/i.test(key) || !value) continue;
    const host = hostOf(value);
    if (host) hosts.add(host);
  }
  return [...hosts];
}

function hostOf(value: string): string | undefined {
  if (value.includes("://")) {
    try {
      return new URL(value).hostname || undefined;
    } catch {
      return undefined;
    }
  }
  // "redis:6379" or "db" or "user@db:5432/x"
  const host = value.replace(/^[^@]*@/, "").split(/[:/]/)[0];
  return host || undefined;
}
