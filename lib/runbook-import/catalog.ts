import { BUILTIN_ACTION_IDS, type BuiltinActionId, type DeclaredAction } from "@/lib/actions/schemas";
import type { CheckConfig } from "@/lib/catalog/schemas";
import { checkMetrics } from "@/lib/playbooks/metrics";

/**
 * What the importer matches commands against: each service's names, checks and actions, reduced
 * to what a command can be compared with. Plain data, safe to send to the browser: URLs keep host,
 * port and path only (no credentials, no query secrets), headers and bodies are left out.
 */
export interface ImportCatalog {
  services: ImportService[];
}

export interface ImportService {
  id: string;
  name: string;
  /** Names a command may use for it: compose service, container names. */
  aliases: string[];
  checks: ImportCheck[];
  actions: ImportAction[];
}

export interface Endpoint {
  /** Lowercase host, or "" when the URL starts with a variable or `{{container}}`. */
  host: string;
  port: string;
  path: string;
  /** Only the path is known (the base is `${VAR}`). */
  pathOnly: boolean;
}

export interface ImportCheck {
  id: string;
  kind: CheckConfig["kind"];
  title: string;
  url?: Endpoint;
  method?: string;
  /** The redis command or the postgres query. */
  command?: string;
  argv?: string[];
  collection?: string;
  /** What a trigger may name (lib/playbooks/metrics.ts). */
  metrics: string[];
  /** The declared metric, which a runbook's threshold is matched to by name. */
  metric?: { name: string; unit?: string };
}

export interface ImportAction {
  id: string;
  /** A built-in (`restart`, `logs`...) or a declared kind (`redis.read`, `exec`...). */
  kind: string;
  title: string;
  url?: Endpoint;
  method?: string;
  /** redis commands, exec argv, postgres query, qdrant operation. */
  commands?: string[];
  argv?: string[];
  query?: string;
  operation?: string;
  collection?: string;
}

/** Titles of the built-in container actions (their kinds, in lib/actions/kinds, are server-only). */
const BUILTIN_TITLES: Record<BuiltinActionId, string> = {
  restart: "Restart container",
  stop: "Stop container",
  start: "Start container",
  kill: "Kill container",
  "restart-all": "Restart all containers",
  scale: "Scale",
  up: "Bring up",
  logs: "Search logs",
};

/** The shape of a catalog service the importer reads (lib/catalog/types.ts CatalogService fits). */
export interface ServiceLike {
  id: string;
  name: string;
  kind: "container" | "external";
  compose?: { project: string; service: string };
  containers?: readonly { name: string }[];
  checks: readonly CheckConfig[];
  actions: readonly DeclaredAction[];
}

export function importCatalog(services: readonly ServiceLike[], builtins = true): ImportCatalog {
  return { services: services.map((s) => importService(s, builtins)) };
}

function importService(service: ServiceLike, builtins: boolean): ImportService {
  const declared = service.actions.map(importAction);
  const ids = new Set(declared.map((a) => a.id));
  const builtin =
    builtins && service.kind === "container"
      ? BUILTIN_ACTION_IDS.filter((id) => !ids.has(id) && (id !== "scale" || service.compose)).map((id) => ({
          id,
          kind: id,
          title: BUILTIN_TITLES[id],
        }))
      : [];
  return {
    id: service.id,
    name: service.name,
    aliases: [
      ...new Set(
        [service.compose?.service, ...(service.containers ?? []).map((c) => c.name)].filter(
          (n): n is string => !!n,
        ),
      ),
    ],
    checks: service.checks.map(importCheck),
    actions: [...builtin, ...declared],
  };
}

/** Arguments that carry a secret (`-pS3cret`, `--password x`, `TOKEN=x`, `-a x` for redis-cli) are masked. */
const SECRET_FLAG = /^(-p|-a|--pass(word)?|--token|--api-key|--secret)$/;
const SECRET_ASSIGNMENT = /^([^=\s]*(pass|pwd|secret|token|key|auth)[^=\s]*=).+$/i;

export function masked(argv: readonly string[]): string[] {
  return argv.map((arg, i) => {
    if (i > 0 && SECRET_FLAG.test(argv[i - 1])) return "***";
    if (i > 0 && /^(-u|--user)$/.test(argv[i - 1]) && arg.includes(":")) return "***";
    if (/^-p(?!\d+$)./.test(arg)) return "-p***";
    return arg.replace(SECRET_ASSIGNMENT, "$1***");
  });
}

function maskedCommand(command: string): string {
  return masked(command.split(/\s+/)).join(" ");
}

function importCheck(check: CheckConfig): ImportCheck {
  const metrics = checkMetrics(check);
  const base = {
    id: check.id,
    kind: check.kind,
    title: check.name ?? check.id,
    ...(check.metric ? { metric: { name: check.metric.name, unit: check.metric.unit } } : {}),
  };
  switch (check.kind) {
    case "http":
      return { ...base, url: endpoint(check.url), method: check.method, metrics };
    case "redis":
      return { ...base, url: endpoint(check.url), command: maskedCommand(check.command), metrics };
    case "postgres":
      return { ...base, url: endpoint(check.url), command: check.query, metrics };
    case "qdrant":
      return { ...base, url: endpoint(check.url), collection: check.collection, metrics };
    case "exec":
      return { ...base, argv: masked(check.command), metrics };
    case "tcp":
      return {
        ...base,
        url: { host: hostOf(check.host), port: String(check.port), path: "", pathOnly: false },
        metrics,
      };
    case "docker":
      return { ...base, metrics };
  }
}

function importAction(action: DeclaredAction): ImportAction {
  const base = { id: action.id, kind: action.kind, title: action.title ?? action.id };
  switch (action.kind) {
    case "exec":
      return { ...base, argv: masked(action.command) };
    case "redis.read":
    case "redis.write":
      return { ...base, url: endpoint(action.url), commands: action.commands.map(maskedCommand) };
    case "postgres.query":
      return { ...base, url: endpoint(action.url), query: action.query };
    case "postgres.backup":
    case "postgres.restore":
      return { ...base, url: endpoint(action.url) };
    case "qdrant":
      return {
        ...base,
        url: endpoint(action.url),
        operation: action.operation,
        collection: action.collection,
      };
    case "http":
      return { ...base, url: endpoint(action.url), method: action.method };
    case "container.set-env":
    case "logs.search":
      return base;
  }
}

function hostOf(host: string): string {
  return /^\{\{|^\$\{/.test(host) ? "" : host.toLowerCase();
}

/**
 * Host, port and path of a URL as config or a runbook writes it: `{{container}}` or a variable as
 * host, `${VAR}` (or `${VAR:-https://x}`) as the whole base, no scheme at all (`localhost:8000/x`).
 */
export function endpoint(raw: string): Endpoint | undefined {
  let text = raw.trim();
  let pathOnly = false;
  const variable = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/.exec(text);
  if (variable) {
    if (variable[2] && /^[a-z]+:\/\//i.test(variable[2])) text = variable[2] + text.slice(variable[0].length);
    else {
      text = `http://unknown.invalid${text.slice(variable[0].length)}`;
      pathOnly = true;
    }
  }
  // A base that was a variable left empty offline: only the path is known.
  if (text.startsWith("/")) {
    text = `http://unknown.invalid${text}`;
    pathOnly = true;
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`;
  const m =
    /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d+|\{\{[^}]*\}\}|\$\{[^}]*\}))?([^?#]*)/i.exec(
      text,
    );
  if (!m) return undefined;
  const scheme = m[1].toLowerCase();
  const port = m[3] && /^\d+$/.test(m[3]) ? m[3] : defaultPort(scheme);
  return {
    host: pathOnly ? "" : hostOf(m[2]),
    port: pathOnly ? "" : port,
    path: normalizePath(m[4]),
    pathOnly,
  };
}

function defaultPort(scheme: string): string {
  return (
    { http: "80", https: "443", redis: "6379", rediss: "6379", postgres: "5432", postgresql: "5432" }[
      scheme
    ] ?? ""
  );
}

function normalizePath(path: string): string {
  const p = path.replace(/\/+$/, "");
  return p || "/";
}
