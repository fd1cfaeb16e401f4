import { endpoint, type Endpoint, type ImportService } from "./catalog";
import { parseArgs } from "./args";
import { found } from "./found";
import type { Match, MatchContext } from "./match";

/**
 * `curl`, `wget` and httpie calls as the declared http checks and actions with the same method,
 * port and path (the host may be `{{container}}` or a variable), and Qdrant's REST API as its
 * declared qdrant checks and actions.
 */
export function scope(ctx: MatchContext): ImportService[] {
  return ctx.service ? [ctx.service] : ctx.catalog.services;
}

const LOCAL = new Set(["localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]", "host.docker.internal"]);

/** 3: same port and path on the service's host; 2: same path under a `${VAR}` base; 1: same host only. */
export function endpointScore(conf: Endpoint | undefined, seen: Endpoint, service: ImportService): number {
  if (!conf) return 0;
  if (conf.pathOnly) return conf.path === seen.path && seen.path !== "/" ? 2 : 0;
  const host =
    conf.host === "" ||
    conf.host === seen.host ||
    (LOCAL.has(conf.host) && LOCAL.has(seen.host)) ||
    [service.id, ...service.aliases].includes(seen.host);
  if (host && conf.port === seen.port && conf.path === seen.path) return 3;
  if (host && conf.host !== "" && conf.path !== seen.path && conf.port === seen.port) return 1;
  return 0;
}

const CONFIDENCE: Record<number, Match["confidence"]> = { 3: "high", 2: "medium", 1: "low" };

export function httpCall(cmd: string, args: string[], ctx: MatchContext): Match[] {
  const parsed = parseArgs(args, [
    "-X",
    "--request",
    "-H",
    "--header",
    "-d",
    "--data",
    "--data-raw",
    "--data-binary",
    "--json",
    "-o",
    "--output",
    "-w",
    "--write-out",
    "-u",
    "--user",
    "-A",
    "--user-agent",
    "-m",
    "--max-time",
    "--connect-timeout",
    "-b",
    "-c",
    "-F",
    "--form",
    "-e",
    "--url",
    "-O",
    "--output-document",
    "-T",
  ]);
  const httpie = cmd === "http" || cmd === "https";
  const verb = httpie && /^[A-Z]+$/.test(parsed.positional[0] ?? "") ? parsed.positional.shift() : undefined;
  const url = parsed.options.get("--url") ?? parsed.positional.find((p) => /[/:.]/.test(p));
  const seen = url ? endpoint(url) : undefined;
  if (!seen) return [];
  const data = ["-d", "--data", "--data-raw", "--data-binary", "--json", "-F", "--form"].some((o) =>
    parsed.options.has(o),
  );
  const method = (
    parsed.options.get("-X") ??
    parsed.options.get("--request") ??
    verb ??
    (parsed.options.has("-I") || parsed.options.has("--head") ? "HEAD" : data ? "POST" : "GET")
  ).toUpperCase();
  const out: Match[] = [];
  const hint = words(ctx.hint ?? "");
  const overlap = (title: string) => words(title).filter((w) => hint.includes(w)).length;
  const best = (
    items: { service: ImportService; id: string; score: number; title: string }[],
    kind: Match["kind"],
  ) => {
    const top = items.sort((a, b) => b.score - a.score || overlap(b.title) - overlap(a.title))[0];
    if (top && top.score > 0)
      out.push({
        kind,
        service: top.service.id,
        target: top.id,
        confidence: CONFIDENCE[top.score],
        reason: `${method} ${seen.path}${top.score === 1 ? " (same host)" : ""}: the ${kind} ${top.service.id}/${top.id}`,
      });
  };
  const checks = scope(ctx).flatMap((service) =>
    service.checks
      .filter((c) => c.kind === "http" && (c.method ?? "GET") === (method === "HEAD" ? c.method : method))
      .map((c) => ({ service, id: c.id, title: c.title, score: endpointScore(c.url, seen, service) })),
  );
  const actions = scope(ctx).flatMap((service) =>
    service.actions
      .filter((a) => a.kind === "http" && (a.method ?? "GET") === method)
      .map((a) => ({ service, id: a.id, title: a.title, score: endpointScore(a.url, seen, service) })),
  );
  best(checks, "check");
  best(actions, "action");
  return out.length ? out : qdrant(seen, method, ctx);
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2);
}

/** Qdrant's REST paths as the declared qdrant checks and actions. */
function qdrant(seen: Endpoint, method: string, ctx: MatchContext): Match[] {
  const m = /^\/collections(?:\/([^/]+))?(\/snapshots)?$/.exec(seen.path);
  const ready = /^\/(healthz|readyz|livez)$/.test(seen.path);
  if (!m && !ready) return [];
  const [, collection, snapshots] = m ?? [];
  const operation = !m
    ? ""
    : snapshots
      ? method === "POST"
        ? "create-snapshot"
        : "list-snapshots"
      : collection
        ? "check-collection"
        : "list-collections";
  const base = { ...seen, path: "/" };
  for (const service of scope(ctx)) {
    const on = (url?: Endpoint) => endpointScore(url, base, service) === 3;
    const check = service.checks.find(
      (c) =>
        c.kind === "qdrant" &&
        on(c.url) &&
        (ready ? !c.collection : c.collection === collection && !snapshots && !!collection),
    );
    const act = service.actions.find(
      (a) =>
        a.kind === "qdrant" &&
        on(a.url) &&
        a.operation === operation &&
        (a.collection ?? "") === (collection ?? ""),
    );
    const out: Match[] = [];
    const reason = (kind: string, id: string) =>
      `${method} ${seen.path}: the qdrant ${kind} ${service.id}/${id}`;
    if (check) out.push(found("check", service.id, check.id, "high", reason("check", check.id)));
    if (act) out.push(found("action", service.id, act.id, "high", reason("action", act.id)));
    if (out.length) return out;
  }
  return [];
}
