import "server-only";
import type { z } from "zod";
import { Validation } from "@/lib/errors";
import { declaredParamsSchema, fillTemplate } from "../params";
import type { DeclaredAction } from "../schemas";
import type { ActionKind } from "../types";
import { runningContainer, writeLines } from "./support";

type ExecDecl = Extract<DeclaredAction, { kind: "exec" }>;

/** Declared argv with `{{param}}` filled per element: a value stays one argument, whatever it holds. */
export function execArgv(decl: ExecDecl, params: Record<string, unknown>): string[] {
  return decl.command.map((part, i) => {
    try {
      return fillTemplate(part, params);
    } catch (error) {
      throw new Validation(`declaration command[${i}]: ${(error as Error).message}`);
    }
  });
}

export const execCommand: ActionKind<ExecDecl, Record<string, unknown>> = {
  kind: "exec",
  title: "Run command",
  description: "Run a command declared in config inside a running container of the service (no shell).",
  targetKind: "container",
  permission: "actions.run.safe",
  confirm: "confirm",
  read: false,
  timeoutMs: 60_000,
  appliesTo: (service) => service.kind === "container",
  params: (_target, decl) => declaredParamsSchema(decl.params) as z.ZodType<Record<string, unknown>>,
  describeTarget: (target, _p, decl) => `${target.service.id} (${decl.command[0]})`,
  async run({ target, decl, out, deps, signal }, params) {
    const argv = execArgv(decl, params);
    const container = runningContainer(target);
    // Only the program name: declared arguments may hold ${VAR} secrets resolved from the environment.
    out.line(`running ${argv[0]} with ${argv.length - 1} argument(s) in ${container.name}`, "info");
    const started = performance.now();
    const result = await deps.docker.execInContainer(container.id, argv, {
      timeoutMs: decl.timeout ?? execCommand.timeoutMs,
      signal,
      maxOutputBytes: 256 * 1024,
      env: decl.env ? Object.entries(decl.env).map(([k, v]) => `${k}=${v}`) : undefined,
      user: decl.user,
      workdir: decl.workdir,
    });
    writeLines(out, result.stdout, "out");
    writeLines(out, result.stderr, "err");
    const durationMs = Math.round(performance.now() - started);
    if (result.truncated) out.line("output was cut at 256 KiB per stream", "info");
    out.line(`exit code ${result.exitCode} after ${durationMs} ms`, "info");
    if (result.exitCode !== 0) throw new Error(`${decl.command[0]} exited with code ${result.exitCode}`);
    return { exitCode: result.exitCode, container: container.name, durationMs, truncated: result.truncated };
  },
};
