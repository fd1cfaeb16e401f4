import type { DeclaredAction } from "@/lib/actions/schemas";
import { validateCondition } from "@/lib/probes/conditions";
import { HTTP_ACTION_SUBJECTS } from "@/lib/probes/subjects";
import type { ErrorSink } from "./config-error";
import { didYouMean } from "./did-you-mean";
import type { ServiceConfig } from "./schemas";

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const PARAM_NAME = /^[a-z][a-z0-9_]*$/;
/** Filled by Opsdeck, not by a request: the address of a running container of the service. */
const RESERVED = new Set(["container"]);

/**
 * What a declared action's fields mean, checked at load so a mistake is a config error with its
 * place, not a failed run at 3 a.m.: `{{param}}` placeholders that name no declared parameter,
 * parameters nothing uses, `$n` beyond a query's parameters, restores naming no backup action,
 * and `expect` conditions that do not parse or name a field an HTTP answer does not have.
 */
export function checkActions(service: ServiceConfig, base: PropertyKey[], sink: ErrorSink): void {
  const byId = new Map(service.actions.map((a) => [a.id, a]));
  service.actions.forEach((action, i) => {
    const at = [...base, "actions", i];
    const declared = action.params.map((p) => p.name);
    const used = new Set<string>();
    for (const [path, text] of templated(action)) {
      for (const match of text.matchAll(PLACEHOLDER)) {
        const name = match[1];
        if (RESERVED.has(name) && path[0] === "url") continue;
        if (!PARAM_NAME.test(name) || !declared.includes(name)) {
          sink.atPath(
            [...at, ...path],
            `{{${name}}} is not a declared parameter of this action${didYouMean(name, declared)} (declare it under params)`,
          );
        } else used.add(name);
      }
    }
    if (action.kind === "postgres.query") {
      const positions = [...action.query.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
      const highest = Math.max(0, ...positions);
      if (highest > declared.length)
        sink.atPath(
          [...at, "query"],
          `the query uses $${highest} but the action declares ${declared.length} parameter${declared.length === 1 ? "" : "s"} ($1..$n bind them in order)`,
        );
      positions.forEach((n) => n >= 1 && n <= declared.length && used.add(declared[n - 1]));
    }
    action.params.forEach((p, j) => {
      if (!used.has(p.name) && usesTemplates(action))
        sink.warnAtPath([...at, "params", j, "name"], `parameter ${p.name} is declared but nothing uses it`);
    });
    if (action.kind === "postgres.restore") {
      const from = byId.get(action.from);
      if (!from || from.kind !== "postgres.backup") {
        const backups = service.actions.filter((a) => a.kind === "postgres.backup").map((a) => a.id);
        sink.atPath(
          [...at, "from"],
          `"${action.from}" is not a postgres.backup action of this service${didYouMean(action.from, backups)}`,
        );
      }
    }
    if (action.kind === "http") {
      action.expect.forEach((text, k) => {
        const problem =
          validateCondition(text) ?? unknownSubject(text, HTTP_ACTION_SUBJECTS, "an HTTP action");
        if (problem) sink.atPath([...at, "expect", k], `invalid condition: ${problem}`);
      });
    }
  });
}

/** The fields of an action that `{{param}}` may appear in, with their paths. */
function templated(action: DeclaredAction): [PropertyKey[], string][] {
  switch (action.kind) {
    case "exec":
      return action.command.map((part, k) => [["command", k], part]);
    case "redis.read":
    case "redis.write":
      return action.commands.map((c, k) => [["commands", k], c]);
    case "http":
      return [[["url"], action.url]];
    default:
      return [];
  }
}

/** Kinds whose parameters reach the target only through placeholders or `$n`. */
function usesTemplates(action: DeclaredAction): boolean {
  return ["exec", "redis.read", "redis.write", "http", "postgres.query"].includes(action.kind);
}

/** A condition naming a field the observation does not have ("stauts"), or null. */
export function unknownSubject(text: string, subjects: readonly string[], what: string): string | null {
  const head = /^\s*([A-Za-z_$][\w$-]*)/.exec(text)?.[1];
  if (!head || subjects.includes(head)) return null;
  return `${what} has no field "${head}"${didYouMean(head, [...subjects])} (fields: ${subjects.join(", ")})`;
}
