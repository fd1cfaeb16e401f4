import "server-only";
import { z } from "zod";
import { Conflict, NotFound } from "@/lib/errors";
import type { DockerGateway } from "@/lib/infra/docker";
import type { ActionKind, ActionTarget } from "../types";
import { composeMembers, isRunning } from "./compose-clone";
import { serviceKey } from "./container-target";

export { serviceScale } from "./service-scale";

const noParams = () => z.strictObject({});
const timeoutParam = z
  .number()
  .int()
  .min(0)
  .max(300)
  .default(10)
  .describe("Seconds to wait before killing, per container");
const restartAllParams = () => z.strictObject({ timeout_s: timeoutParam });

export const serviceRestart: ActionKind<undefined, z.output<ReturnType<typeof restartAllParams>>> = {
  kind: "service.restart",
  title: "Restart all containers",
  description: "Restart the service's containers one at a time, so the others keep serving.",
  targetKind: "service",
  permission: "actions.run.safe",
  confirm: "confirm",
  read: false,
  timeoutMs: 600_000,
  params: restartAllParams,
  concurrencyKey: serviceKey,
  async run({ target, out, deps, signal }, p) {
    const containers = target.service.containers;
    if (containers.length === 0) throw new Conflict(`${target.service.name} has no containers to restart`);
    const restarted: { name: string; state: string; startedAt?: Date }[] = [];
    for (const [i, c] of containers.entries()) {
      out.progress(i, containers.length);
      signal.throwIfAborted();
      out.line(`restarting ${c.name} (${i + 1}/${containers.length})`, "info");
      await deps.docker.restartContainer(c.id, { timeoutS: p.timeout_s, signal });
      const after = await deps.docker.inspectContainer(c.id);
      out.line(`${c.name} is ${after.state}`, "info");
      restarted.push({ name: c.name, state: after.state, startedAt: after.startedAt });
    }
    out.progress(containers.length, containers.length);
    return { total: containers.length, containers: restarted };
  },
};

/** Every container of the service in every state: compose labels when it has them, else the monitor's list. */
async function allContainers(
  docker: DockerGateway,
  target: ActionTarget,
): Promise<{ id: string; name: string; state: string }[]> {
  if (target.service.compose) return composeMembers(docker, target.service.compose);
  const ids = new Set(target.service.containers.map((c) => c.id));
  return (await docker.listContainers({ all: true })).filter((c) => ids.has(c.id));
}

export const serviceUp: ActionKind<undefined, z.output<ReturnType<typeof noParams>>> = {
  kind: "service.up",
  title: "Bring up",
  description: "Start every stopped container of the service. It does not create containers.",
  targetKind: "service",
  permission: "actions.run.safe",
  confirm: "none",
  read: false,
  timeoutMs: 300_000,
  params: noParams,
  concurrencyKey: serviceKey,
  async run({ target, out, deps, signal }) {
    const all = await allContainers(deps.docker, target);
    if (all.length === 0)
      throw new NotFound(
        `${target.service.name} has no containers, stopped or running: create them with \`docker compose up\` (Opsdeck only starts existing containers)`,
      );
    const stopped = all.filter((c) => c.state === "exited" || c.state === "created");
    const running = all.filter((c) => isRunning(c.state)).map((c) => c.name);
    if (stopped.length === 0)
      out.line(`all ${all.length} containers are already up; nothing to start`, "info");
    const started: string[] = [];
    for (const [i, c] of stopped.entries()) {
      out.progress(i, stopped.length);
      signal.throwIfAborted();
      out.line(`starting ${c.name} (${i + 1}/${stopped.length})`, "info");
      await deps.docker.startContainer(c.id, { signal });
      started.push(c.name);
    }
    if (stopped.length) out.progress(stopped.length, stopped.length);
    const other = all
      .filter((c) => !isRunning(c.state) && !stopped.includes(c))
      .map((c) => `${c.name} (${c.state})`);
    if (other.length) out.line(`left as they are: ${other.join(", ")}`, "info");
    return { started, alreadyRunning: running, total: all.length };
  },
};
