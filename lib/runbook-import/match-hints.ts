import { findService } from "./args";
import { found } from "./found";
import type { Match, MatchContext } from "./match";
import { scope } from "./match-http";

/** Weak hints for commands nothing declared runs: a wrapper CLI's verb, a title that quotes the command. */
const WRAPPED = ["logs", "restart", "stop", "start", "up"];

/** `poetry run stack logs agent`, `make logs worker`: a wrapper CLI's verb and a service name. */
export function wrapper(argv: string[], ctx: MatchContext): Match[] {
  for (let i = 1; i < argv.length - 1; i++) {
    if (!WRAPPED.includes(argv[i])) continue;
    const service = findService(ctx.catalog, argv[i + 1]);
    const id = argv[i] === "restart" ? "restart-all" : argv[i];
    if (service?.actions.some((a) => a.id === id))
      return [
        found(
          "action",
          service.id,
          id,
          "low",
          `\`${argv[0]} … ${argv[i]} ${argv[i + 1]}\` reads like the ${id} action of ${service.id}`,
        ),
      ];
  }
  return [];
}

/** A declared check or action whose title quotes the command, e.g. "Smoke test /health (make health)". */
export function mentioned(text: string, ctx: MatchContext): Match[] {
  const needle = text.toLowerCase().trim();
  if (needle.length < 6 || !needle.includes(" ") || needle.length > 120) return [];
  const quoted = (title: string) => {
    const t = title.toLowerCase();
    const at = t.indexOf(needle);
    return at >= 0 && !/[a-z0-9]/.test(t[at - 1] ?? "") && !/[a-z0-9]/.test(t[at + needle.length] ?? "");
  };
  for (const service of scope(ctx)) {
    const act = service.actions.find((a) => quoted(a.title));
    if (act)
      return [
        found("action", service.id, act.id, "low", `its title quotes \`${text}\`: ${service.id}/${act.id}`),
      ];
    const check = service.checks.find((c) => quoted(c.title));
    if (check)
      return [
        found(
          "check",
          service.id,
          check.id,
          "low",
          `its title quotes \`${text}\`: ${service.id}/${check.id}`,
        ),
      ];
  }
  return [];
}
