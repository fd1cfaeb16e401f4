import "server-only";
import { z } from "zod";
import type { ActionKind, ActionTarget } from "../types";

/** The container parameter: only a container the monitor attributes to the service. */
export function containerParam(target: ActionTarget) {
  const names = target.service.containers.map((c) => c.name);
  return names.length
    ? z.enum(names as [string, ...string[]], {
        error: () => `expected one of the service's containers: ${names.join(", ")}`,
      })
    : z.never({ error: () => "the service has no containers right now" });
}

function containerId(target: ActionTarget, name: string): string {
  const found = target.service.containers.find((c) => c.name === name);
  if (!found) throw new Error(`container ${name} is no longer part of ${target.service.name}`);
  return found.id;
}

const restartParams = (target: ActionTarget) =>
  z.strictObject({
    container: containerParam(target).describe("Container"),
    timeout_s: z.number().int().min(0).max(300).default(10).describe("Seconds to wait before killing"),
  });

export const containerRestart: ActionKind<undefined, z.output<ReturnType<typeof restartParams>>> = {
  kind: "container.restart",
  title: "Restart container",
  description: "Stop the container (SIGTERM, then SIGKILL after the timeout) and start it again.",
  targetKind: "container",
  permission: "actions.run.safe",
  confirm: "confirm",
  read: false,
  timeoutMs: 120_000,
  params: restartParams,
  concurrencyKey: (target, p) => `container:${containerId(target, p.container)}`,
  describeTarget: (target, p) => `${target.service.id} (container ${p.container})`,
  async run({ target, out, deps, signal }, p) {
    const id = containerId(target, p.container);
    out.line(`restarting ${p.container} (timeout ${p.timeout_s}s)`, "info");
    await deps.docker.restartContainer(id, { timeoutS: p.timeout_s, signal });
    const after = await deps.docker.inspectContainer(id);
    out.line(`${p.container} is ${after.state}${after.startedAt ? `, started at ${after.startedAt.toISOString()}` : ""}`, "info");
    return { container: p.container, state: after.state, startedAt: after.startedAt };
  },
};

// PLACEHOLDER: replaced by the real kinds (helper task).
export const containerStop: ActionKind = {
  kind: "containerStop",
  title: "containerStop",
  targetKind: "service",
  permission: "actions.run.safe",
  confirm: "none",
  read: false,
  timeoutMs: 1000,
  params: () => z.strictObject({}),
  run: async () => {
    throw new Error("not implemented");
  },
};
export const containerStart: ActionKind = {
  kind: "containerStart",
  title: "containerStart",
  targetKind: "service",
  permission: "actions.run.safe",
  confirm: "none",
  read: false,
  timeoutMs: 1000,
  params: () => z.strictObject({}),
  run: async () => {
    throw new Error("not implemented");
  },
};
export const containerKill: ActionKind = {
  kind: "containerKill",
  title: "containerKill",
  targetKind: "service",
  permission: "actions.run.safe",
  confirm: "none",
  read: false,
  timeoutMs: 1000,
  params: () => z.strictObject({}),
  run: async () => {
    throw new Error("not implemented");
  },
};
export const containerSetEnv: ActionKind = {
  kind: "containerSetEnv",
  title: "containerSetEnv",
  targetKind: "service",
  permission: "actions.run.safe",
  confirm: "none",
  read: false,
  timeoutMs: 1000,
  params: () => z.strictObject({}),
  run: async () => {
    throw new Error("not implemented");
  },
};
