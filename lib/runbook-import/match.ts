import { parseFilter } from "@/lib/containers/log-filter";
import { findService, parseArgs } from "./args";
import type { ImportCatalog, ImportService } from "./catalog";
import { matchData } from "./match-data";
import { bareArgv, type ShellCommand, type SimpleCommand } from "./shell";

/**
 * What a runbook command does, said as a declared check or action of the stack: `docker restart
 * x` is service x's restart, `docker compose logs x | grep y` its log search for y, `curl .../health`
 * the http check of that URL. Only reads the words; a command that matches nothing gets no match.
 */
export interface Match {
  kind: "action" | "check";
  service: string;
  /** The action or check id. */
  target: string;
  params?: Record<string, string | number | boolean>;
  confidence: "high" | "medium" | "low";
  reason: string;
}

export type Params = NonNullable<Match["params"]>;

export interface MatchContext {
  catalog: ImportCatalog;
  /** The service a command runs in (`docker compose exec <svc> ...`). */
  service?: ImportService;
  /** The commands it is piped into (`| grep x`). */
  filters: SimpleCommand[];
  stdin?: string;
  /** Words around the command (its step's title), to choose between equally good matches. */
  hint?: string;
}

/** Every match of a logical command line (one per `&&`/`;` part at most two: a check and an action). */
export function matchCommand(command: ShellCommand, catalog: ImportCatalog, hint?: string): Match[] {
  const out: Match[] = [];
  for (const [main, ...filters] of command.pipelines) {
    const found = matchArgv(bareArgv(main.argv), { catalog, filters, stdin: main.stdin, hint });
    for (const m of found)
      if (!out.some((o) => o.service === m.service && o.target === m.target && o.kind === m.kind))
        out.push(m);
  }
  return out;
}

export function matchArgv(argv: string[], ctx: MatchContext): Match[] {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "docker":
    case "podman":
      return rest[0] === "compose" ? compose(rest.slice(1), ctx) : docker(rest, ctx);
    case "docker-compose":
    case "podman-compose":
      return compose(rest, ctx);
    case "kubectl":
    case "oc":
      return kube(rest, ctx);
    case "systemctl":
    case "supervisorctl":
    case "pm2":
      return ["restart", "stop", "start"].includes(rest[0])
        ? named(ctx, rest[0], rest.slice(1), "restart-all")
        : [];
    case "service":
      return rest.length >= 2 ? named(ctx, rest[1], [rest[0]], "restart-all") : [];
    default:
      return matchData(argv, ctx);
  }
}

/** `opts` that take a value, per subcommand; the value of `--opt=value` is inline. */
const VALUE_OPTS: Record<string, string[]> = {
  global: [
    "-f",
    "--file",
    "-p",
    "--project-name",
    "--env-file",
    "--profile",
    "--project-directory",
    "--ansi",
    "--parallel",
    "-H",
    "--host",
    "--context",
    "-c",
    "--config",
  ],
  logs: ["--since", "--until", "--tail", "-n", "--index"],
  up: [
    "--scale",
    "--timeout",
    "-t",
    "--wait-timeout",
    "--pull",
    "--exit-code-from",
    "--attach",
    "--no-attach",
  ],
  exec: ["-u", "--user", "-w", "--workdir", "-e", "--env", "--env-file", "--index"],
  run: [
    "-e",
    "--env",
    "-u",
    "--user",
    "-w",
    "--workdir",
    "--entrypoint",
    "--name",
    "-p",
    "--publish",
    "-v",
    "--volume",
    "-l",
    "--label",
    "--network",
  ],
  restart: ["-t", "--time", "--timeout", "-s", "--signal"],
  stats: ["--format"],
  ps: ["--format", "--filter", "--status", "-f"],
};
VALUE_OPTS.stop = VALUE_OPTS.restart;
VALUE_OPTS.kill = VALUE_OPTS.restart;
VALUE_OPTS.start = VALUE_OPTS.restart;

function compose(args: string[], ctx: MatchContext): Match[] {
  const global = parseArgs(args, VALUE_OPTS.global, true);
  const [sub, ...rest] = global.tail;
  if (!sub) return [];
  const parsed = parseArgs(rest, VALUE_OPTS[sub] ?? [], sub === "exec" || sub === "run");
  switch (sub) {
    case "logs":
      return parsed.positional.flatMap((name) =>
        logs(ctx, name, parsed.options, `docker compose logs ${name}`),
      );
    case "restart":
      return parsed.positional.flatMap((name) =>
        action(ctx, name, "restart-all", "high", `compose restart ${name}`),
      );
    case "stop":
    case "start":
    case "kill":
      return parsed.positional.flatMap((name) => action(ctx, name, sub, "medium", `compose ${sub} ${name}`));
    case "up": {
      const scale = /^([^=]+)=(\d+)$/.exec(parsed.options.get("--scale") ?? "");
      if (scale)
        return action(ctx, scale[1], "scale", "high", `compose up --scale ${scale[0]}`, {
          replicas: Math.min(20, Number(scale[2])),
        });
      return parsed.positional.flatMap((name) => action(ctx, name, "up", "high", `compose up ${name}`));
    }
    case "ps":
      return parsed.positional.flatMap((name) => dockerCheck(ctx, name, `compose ps ${name}`));
    case "exec":
    case "run":
      return inside(ctx, parsed.tail[0], parsed.tail.slice(1));
    default:
      return [];
  }
}

function docker(args: string[], ctx: MatchContext): Match[] {
  const [sub, ...rest] = args;
  const parsed = parseArgs(rest, VALUE_OPTS[sub] ?? [], sub === "exec");
  switch (sub) {
    case "restart":
    case "stop":
    case "start":
    case "kill":
      return parsed.positional.flatMap((name) => action(ctx, name, sub, "high", `docker ${sub} ${name}`));
    case "logs":
      return parsed.positional.flatMap((name) => logs(ctx, name, parsed.options, `docker logs ${name}`));
    case "stats":
    case "inspect":
      return parsed.positional.flatMap((name) => dockerCheck(ctx, name, `docker ${sub} ${name}`));
    case "exec":
      return inside(ctx, parsed.tail[0], parsed.tail.slice(1));
    default:
      return [];
  }
}

function kube(args: string[], ctx: MatchContext): Match[] {
  const [sub, ...rest] = args;
  const parsed = parseArgs(
    rest,
    ["-n", "--namespace", "-c", "--container", "--since", "--tail", "-l"],
    sub === "exec",
  );
  const name = (n?: string) => (n ?? "").replace(/^(deploy|deployment|pod|sts|statefulset|svc)\//, "");
  if (sub === "logs") return logs(ctx, name(parsed.positional[0]), parsed.options, `kubectl logs`);
  if (sub === "rollout" && parsed.positional[0] === "restart")
    return action(ctx, name(parsed.positional[1]), "restart-all", "medium", "kubectl rollout restart");
  if (sub === "exec") {
    const dash = rest.indexOf("--");
    return dash > 0 ? inside(ctx, name(parsed.tail[0]), rest.slice(dash + 1)) : [];
  }
  return [];
}

function inside(ctx: MatchContext, name: string | undefined, argv: string[]): Match[] {
  const service = name ? findService(ctx.catalog, name) : undefined;
  if (!service || argv.length === 0) return [];
  return matchArgv(bareArgv(argv), { ...ctx, service });
}

/** `systemctl restart x`, `pm2 restart x`: service x's built-in when it has one. */
function named(ctx: MatchContext, verb: string, names: string[], restartId: string): Match[] {
  const id = verb === "restart" ? restartId : verb;
  return names.flatMap((n) => action(ctx, n, id, "low", `${verb} ${n}`));
}

function action(
  ctx: MatchContext,
  name: string,
  id: string,
  confidence: Match["confidence"],
  how: string,
  params?: Params,
): Match[] {
  const service = findService(ctx.catalog, name);
  if (!service?.actions.some((a) => a.id === id)) return [];
  return [
    {
      kind: "action",
      service: service.id,
      target: id,
      ...(params ? { params } : {}),
      confidence,
      reason: `${how}: the ${id} action of ${service.id}`,
    },
  ];
}

function dockerCheck(ctx: MatchContext, name: string, how: string): Match[] {
  const service = findService(ctx.catalog, name);
  const check = service?.checks.find((c) => c.kind === "docker");
  if (!service || !check) return [];
  return [
    {
      kind: "check",
      service: service.id,
      target: check.id,
      confidence: "medium",
      reason: `${how}: the container check ${service.id}/${check.id}`,
    },
  ];
}

function logs(ctx: MatchContext, name: string, options: Map<string, string>, how: string): Match[] {
  return action(ctx, name, "logs", "high", how, logParams(options, ctx.filters));
}

/** `--since 1h --tail 50 | grep -E "a|b"` as the logs action's since, limit, q and regex. */
export function logParams(options: Map<string, string>, filters: SimpleCommand[]): Params | undefined {
  const params: Params = {};
  const since = options.get("--since");
  if (since && /^\d{1,5}[smhd]$/.test(since)) params.since = since;
  const tail = Number(options.get("--tail") ?? options.get("-n"));
  if (Number.isInteger(tail) && tail >= 1) params.limit = Math.min(5000, tail);
  const grep = filters.find((f) => ["grep", "egrep", "rg"].includes(f.argv[0]));
  if (grep) {
    const parsed = parseArgs(grep.argv.slice(1), ["-e", "-m", "-A", "-B", "-C"]);
    const pattern = parsed.options.get("-e") ?? parsed.positional[0];
    const inverted = parsed.options.has("-v");
    if (pattern && !inverted && pattern.length <= 200) {
      const extended =
        grep.argv[0] !== "grep" || [...parsed.options.keys()].some((k) => /^-[a-zA-Z]*E/.test(k));
      const alternation = pattern.includes("\\|");
      const q = alternation ? pattern.replace(/\\\|/g, "|") : pattern;
      const regex = extended || alternation;
      if (parseFilter({ q, regex }).ok) Object.assign(params, { q }, regex ? { regex } : {});
    }
  }
  return Object.keys(params).length ? params : undefined;
}
