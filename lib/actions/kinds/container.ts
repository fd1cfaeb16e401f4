import "server-only";
import { z } from "zod";
import { KILL_SIGNALS } from "@/lib/infra/docker";
import type { ActionKind, ActionTarget } from "../types";
import { containerId, containerKey, containerParam, pollUntil } from "./container-target";

export { containerParam } from "./container-target";
export { containerSetEnv } from "./container-set-env";

const describeContainer = (target: ActionTarget, p: { container: string }) =>
  `${target.service.id} (container ${p.container})`;
const timeoutParam = z.number().int().min(0).max(300).default(10).describe("Seconds to wait before killing");

const restartParams = (target: ActionTarget) =>
  z.strictObject({ container: containerParam(target).describe("Container"), timeout_s: timeoutParam });

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
  concurrencyKey: containerKey,
  describeTarget: describeContainer,
  async run({ target, out, deps, signal }, p) {
    const id = containerId(target, p.container);
    out.line(`restarting ${p.container} (timeout ${p.timeout_s}s)`, "info");
    await deps.docker.restartContainer(id, { timeoutS: p.timeout_s, signal });
    const after = await deps.docker.inspectContainer(id);
    out.line(
      `${p.container} is ${after.state}${after.startedAt ? `, started at ${after.startedAt.toISOString()}` : ""}`,
      "info",
    );
    return { container: p.container, state: after.state, startedAt: after.startedAt };
  },
};

const stopParams = restartParams;

export const containerStop: ActionKind<undefined, z.output<ReturnType<typeof stopParams>>> = {
  kind: "container.stop",
  title: "Stop container",
  description:
    "Stop the container (SIGTERM, then SIGKILL after the timeout). It stays stopped until started.",
  targetKind: "container",
  permission: "actions.run.destructive",
  confirm: "confirm",
  read: false,
  timeoutMs: 330_000,
  params: stopParams,
  concurrencyKey: containerKey,
  describeTarget: describeContainer,
  async run({ target, out, deps, signal }, p) {
    const id = containerId(target, p.container);
    out.line(`stopping ${p.container} (timeout ${p.timeout_s}s)`, "info");
    const stopped = await deps.docker.stopContainer(id, { timeoutS: p.timeout_s, signal });
    const after = await deps.docker.inspectContainer(id);
    out.line(
      stopped
        ? `${p.container} is ${after.state} (exit code ${after.exitCode})`
        : `${p.container} was not running`,
      "info",
    );
    return {
      container: p.container,
      changed: stopped,
      state: after.state,
      exitCode: after.exitCode,
      finishedAt: after.finishedAt,
    };
  },
};

const startParams = (target: ActionTarget) =>
  z.strictObject({ container: containerParam(target).describe("Container") });

export const containerStart: ActionKind<undefined, z.output<ReturnType<typeof startParams>>> = {
  kind: "container.start",
  title: "Start container",
  description: "Start a stopped container with its existing configuration.",
  targetKind: "container",
  permission: "actions.run.safe",
  confirm: "none",
  read: false,
  timeoutMs: 60_000,
  params: startParams,
  concurrencyKey: containerKey,
  describeTarget: describeContainer,
  async run({ target, out, deps, signal }, p) {
    const id = containerId(target, p.container);
    out.line(`starting ${p.container}`, "info");
    const started = await deps.docker.startContainer(id, { signal });
    const after = await deps.docker.inspectContainer(id);
    out.line(started ? `${p.container} is ${after.state}` : `${p.container} was already running`, "info");
    return { container: p.container, changed: started, state: after.state, startedAt: after.startedAt };
  },
};

const killParams = (target: ActionTarget) =>
  z.strictObject({
    container: containerParam(target).describe("Container"),
    signal: z.enum(KILL_SIGNALS).default("SIGKILL").describe("Signal"),
  });

export const containerKill: ActionKind<undefined, z.output<ReturnType<typeof killParams>>> = {
  kind: "container.kill",
  title: "Kill container",
  description: "Send a signal to the container's main process; SIGKILL ends it at once, without cleanup.",
  targetKind: "container",
  permission: "actions.run.destructive",
  confirm: "confirm",
  read: false,
  timeoutMs: 30_000,
  params: killParams,
  concurrencyKey: containerKey,
  describeTarget: (target, p) => `${describeContainer(target, p)} ${p.signal}`,
  async run({ target, out, deps, signal }, p) {
    const id = containerId(target, p.container);
    out.line(`sending ${p.signal} to ${p.container}`, "info");
    await deps.docker.killContainer(id, p.signal, { signal });
    // The engine returns once the signal is sent; SIGKILL ends the process a moment later.
    if (p.signal === "SIGKILL")
      await pollUntil(async () => !(await deps.docker.inspectContainer(id)).running, 5000, signal);
    const after = await deps.docker.inspectContainer(id);
    out.line(
      `${p.container} is ${after.state}${after.running ? "" : ` (exit code ${after.exitCode})`}`,
      "info",
    );
    return {
      container: p.container,
      signal: p.signal,
      state: after.state,
      exitCode: after.running ? undefined : after.exitCode,
    };
  },
};
