import type { Endpoint } from "./catalog";
import { escape, parseArgs } from "./args";
import { found } from "./found";
import type { Match, MatchContext } from "./match";
import { endpointScore, httpCall, scope } from "./match-http";
import { mentioned, wrapper } from "./match-hints";

/**
 * Commands that talk to a data service or run a program: curl (match-http.ts), redis-cli, psql,
 * pg_dump, pg_isready, and any argv a declared `exec` check or action runs. Then two weak hints:
 * a wrapper CLI's `logs <service>`, and a declared title that quotes the command.
 */
export function matchData(argv: string[], ctx: MatchContext): Match[] {
  const [cmd, ...rest] = argv;
  const found = (() => {
    switch (cmd) {
      case "curl":
      case "wget":
      case "http":
      case "https":
        return httpCall(cmd, rest, ctx);
      case "redis-cli":
        return redis(rest, ctx);
      case "psql":
        return psql(rest, ctx);
      case "pg_dump":
      case "pg_dumpall":
        return byKind(ctx, "postgres.backup", database(rest), `${cmd}`);
      case "pg_restore":
        return byKind(ctx, "postgres.restore", database(rest), "pg_restore");
      case "pg_isready":
        return [...execArgv(argv, ctx), ...postgresCheck(ctx, database(rest))];
      default:
        return [];
    }
  })();
  if (found.length) return found;
  const exec = execArgv(argv, ctx);
  return exec.length ? exec : [...wrapper(argv, ctx), ...mentioned(argv.join(" "), ctx)].slice(0, 2);
}

function redis(args: string[], ctx: MatchContext): Match[] {
  const parsed = parseArgs(args, ["-h", "-p", "-a", "-n", "-u", "--user", "--pass", "-s", "-r", "-i"]);
  if (parsed.positional.length === 0) return [];
  const command = normalizeRedis(parsed.positional.join(" "));
  const seen: Endpoint = {
    host: (parsed.options.get("-h") ?? "localhost").toLowerCase(),
    port: parsed.options.get("-p") ?? "6379",
    path: "/",
    pathOnly: false,
  };
  const out: Match[] = [];
  for (const service of scope(ctx)) {
    const reachable = (url?: Endpoint) =>
      !!ctx.service || (url !== undefined && endpointScore({ ...url, path: "/" }, seen, service) === 3);
    const check = service.checks.find(
      (c) => c.kind === "redis" && reachable(c.url) && normalizeRedis(c.command ?? "PING") === command,
    );
    const act = service.actions.find(
      (a) =>
        a.kind === "redis.read" &&
        reachable(a.url) &&
        (a.commands ?? []).some((c) => templateMatches(normalizeRedis(c), command)),
    );
    const reason = (kind: string, id: string) => `redis-cli ${command}: the ${kind} ${service.id}/${id}`;
    if (check && !out.some((o) => o.kind === "check"))
      out.push(found("check", service.id, check.id, "high", reason("check", check.id)));
    if (act && !out.some((o) => o.kind === "action"))
      out.push(found("action", service.id, act.id, "high", reason("action", act.id)));
  }
  return out;
}

function normalizeRedis(command: string): string {
  const [verb, ...rest] = command.trim().split(/\s+/);
  return [verb.toUpperCase(), ...rest].join(" ");
}

/** `GET taskiq:result:{{task_id}}` matches `GET taskiq:result:<task_id>` and `GET taskiq:result:42`. */
function templateMatches(template: string, text: string): boolean {
  if (!template.includes("{{")) return template === text;
  const source = template
    .split(/\{\{[^}]*\}\}/)
    .map(escape)
    .join(".+");
  return new RegExp(`^${source}$`).test(text);
}

/** Options of the Postgres client tools that take a value. */
const PG_VALUE_OPTS = [
  "-c",
  "--command",
  "-d",
  "--dbname",
  "-F",
  "-f",
  "--file",
  "--format",
  "-h",
  "--host",
  "-n",
  "-o",
  "-p",
  "--port",
  "--schema",
  "--set",
  "-t",
  "--table",
  "-U",
  "--username",
  "-v",
];

function database(args: string[]): string | undefined {
  const parsed = parseArgs(args, PG_VALUE_OPTS);
  return parsed.options.get("-d") ?? parsed.options.get("--dbname") ?? parsed.positional[0];
}

function psql(args: string[], ctx: MatchContext): Match[] {
  const parsed = parseArgs(args, PG_VALUE_OPTS);
  const sql = parsed.options.get("-c") ?? parsed.options.get("--command");
  if (!sql) return ctx.stdin ? byKind(ctx, "postgres.restore", database(args), "psql < file") : [];
  const wanted = normalizeSql(sql);
  const out: Match[] = [];
  for (const service of scope(ctx)) {
    const act = service.actions.find(
      (a) => a.kind === "postgres.query" && a.query && sqlMatches(a.query, wanted),
    );
    if (act)
      out.push(
        found("action", service.id, act.id, "high", `psql -c: the declared query ${service.id}/${act.id}`),
      );
    const check = service.checks.find(
      (c) => c.kind === "postgres" && c.command && sqlMatches(c.command, wanted),
    );
    if (check)
      out.push(
        found("check", service.id, check.id, "high", `psql -c: the query of check ${service.id}/${check.id}`),
      );
    if (out.length) return out;
  }
  return out;
}

function normalizeSql(sql: string): string {
  return sql
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/\s*;\s*$/, "")
    .trim();
}

/** Declared `$1..$n` stand for any literal the runbook wrote there (`LIMIT $1` ~ `LIMIT 20`). */
function sqlMatches(declared: string, wanted: string): boolean {
  const source = normalizeSql(declared).split(/\$\d+/).map(escape).join("(?:'[^']*'|[^\\s,)]+)");
  return new RegExp(`^${source}$`).test(wanted);
}

/** The one action of `kind` in scope, preferring the one whose URL names `db`. */
function byKind(ctx: MatchContext, kind: string, db: string | undefined, how: string): Match[] {
  const candidates = scope(ctx).flatMap((service) =>
    service.actions.filter((a) => a.kind === kind).map((a) => ({ service, a })),
  );
  const named = db ? candidates.filter(({ a }) => a.url?.path === `/${db}`) : [];
  const pick = named[0] ?? (candidates.length === 1 || ctx.service ? candidates[0] : undefined);
  if (!pick) return [];
  const confidence = ctx.service || named.length ? "high" : "medium";
  return [
    {
      kind: "action",
      service: pick.service.id,
      target: pick.a.id,
      confidence,
      reason: `${how}: the ${kind} action ${pick.service.id}/${pick.a.id}`,
    },
  ];
}

function postgresCheck(ctx: MatchContext, db: string | undefined): Match[] {
  const candidates = scope(ctx).flatMap((service) =>
    service.checks.filter((c) => c.kind === "postgres" && !c.command).map((c) => ({ service, c })),
  );
  const pick =
    candidates.find(({ c }) => db && c.url?.path === `/${db}`) ??
    (candidates.length === 1 || ctx.service ? candidates[0] : undefined);
  if (!pick) return [];
  return [
    found(
      "check",
      pick.service.id,
      pick.c.id,
      "high",
      `pg_isready: the postgres check ${pick.service.id}/${pick.c.id}`,
    ),
  ];
}

/** A declared exec check or action that runs this argv (`{{param}}` elements match any word). */
function execArgv(argv: string[], ctx: MatchContext): Match[] {
  const same = (declared?: string[]) =>
    !!declared && declared.length === argv.length && declared.every((d, i) => templateMatches(d, argv[i]));
  const out: Match[] = [];
  for (const service of scope(ctx)) {
    const check = service.checks.find((c) => c.kind === "exec" && same(c.argv));
    const act = service.actions.find((a) => a.kind === "exec" && same(a.argv));
    const confidence = ctx.service ? "high" : "medium";
    if (check)
      out.push({
        kind: "check",
        service: service.id,
        target: check.id,
        confidence,
        reason: `${argv.join(" ")}: the exec check ${service.id}/${check.id}`,
      });
    if (act)
      out.push({
        kind: "action",
        service: service.id,
        target: act.id,
        confidence,
        reason: `${argv.join(" ")}: the exec action ${service.id}/${act.id}`,
      });
    if (out.length) return out;
  }
  return out;
}
