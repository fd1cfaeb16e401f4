import "server-only";
import { z } from "zod";
import { Conflict } from "@/lib/errors";
import type { DeclaredAction } from "../schemas";
import type { ActionKind, ActionTarget } from "../types";
import { containerId, containerParam, serviceKey } from "./container-target";
import { recreateWithEnv, type Recreated } from "./recreate";

type SetEnvDecl = Extract<DeclaredAction, { kind: "container.set-env" }>;

/** `variable` from the declared names, `value` from that variable's declared values: nothing else reaches the env. */
const setEnvParams = (target: ActionTarget, decl: SetEnvDecl) => {
  const variables = decl.variables;
  const names = Object.keys(variables);
  const values = [...new Set(Object.values(variables).flat())];
  return z
    .strictObject({
      variable: z
        .enum(names as [string, ...string[]], { error: () => `expected one of ${names.join(", ")}` })
        .describe("Variable"),
      // Every declared value, so a form can offer them; the check below narrows to the variable's own.
      value: z
        .enum(values as [string, ...string[]], {
          error: () =>
            `expected one of the declared values: ${values.map((v) => JSON.stringify(v)).join(", ")}`,
        })
        .describe("Value"),
      container: containerParam(target)
        .optional()
        .describe("Container (default: every container of the service)"),
    })
    .superRefine((p, ctx) => {
      const allowed = variables[p.variable];
      if (allowed && !allowed.includes(p.value))
        ctx.addIssue({
          code: "custom",
          path: ["value"],
          message: `${p.variable} may only be set to ${allowed.map((v) => JSON.stringify(v)).join(", ")}`,
        });
    });
};

type SetEnvParams = z.output<ReturnType<typeof setEnvParams>>;

export const containerSetEnv: ActionKind<SetEnvDecl, SetEnvParams> = {
  kind: "container.set-env",
  title: "Recreate with a changed variable",
  description:
    "Recreate the compose container with one declared variable changed (like `docker compose up`), rolling back if the new one does not start.",
  targetKind: "container",
  permission: "actions.run.destructive",
  confirm: "confirm",
  read: false,
  timeoutMs: 300_000,
  params: setEnvParams,
  concurrencyKey: (target, p) =>
    p.container ? `container:${containerId(target, p.container)}` : serviceKey(target),
  describeTarget: (target, p) =>
    `${target.service.id} (${p.container ? `container ${p.container}` : "all containers"}) ${p.variable}=${p.value}`,
  async run({ target, out, deps, signal, decl }, p) {
    const names = p.container ? [p.container] : target.service.containers.map((c) => c.name);
    if (names.length === 0) throw new Conflict(`${target.service.name} has no containers to recreate`);
    const change = { variable: p.variable, value: p.value, allowed: decl.variables[p.variable] ?? [] };
    const containers: Recreated[] = [];
    for (const [i, name] of names.entries()) {
      if (names.length > 1) out.progress(i, names.length);
      signal.throwIfAborted();
      containers.push(await recreateWithEnv(deps.docker, containerId(target, name), change, out, signal));
    }
    if (names.length > 1) out.progress(names.length, names.length);
    return {
      variable: p.variable,
      value: p.value,
      containers: containers.map((c) => ({
        name: c.name,
        id: c.id,
        previousId: c.previousId,
        changed: c.changed,
        startedAt: c.startedAt,
      })),
    };
  },
};
