import "server-only";
import { z } from "zod";
import { Conflict, Validation } from "@/lib/errors";
import type { ContainerSpec, DockerGateway } from "@/lib/infra/docker";
import { shortErrorMessage } from "@/lib/infra/logger";
import type { ActionKind } from "../types";
import {
  composeMembers,
  isRunning,
  planScale,
  replicaName,
  replicaSpec,
  SWARM_SERVICE_LABEL,
  type ComposeMember,
} from "./compose-clone";
import { serviceKey } from "./container-target";

const scaleParams = () =>
  z.strictObject({ replicas: z.number().int().min(0).max(20).describe("Number of containers to run") });

/**
 * Scales a compose service the way `docker compose up --scale` does, but from the service's own
 * running container (compose's file is not ours to read): new replicas copy its configuration,
 * the highest-numbered go first. At 0 the first container is kept, stopped, to copy from later.
 */
export const serviceScale: ActionKind<undefined, z.output<ReturnType<typeof scaleParams>>> = {
  kind: "service.scale",
  title: "Scale",
  description:
    "Run N containers of this compose service. New ones copy an existing container's configuration; the highest-numbered are removed first.",
  targetKind: "service",
  permission: "actions.run.destructive",
  confirm: "confirm",
  read: false,
  timeoutMs: 600_000,
  appliesTo: (service) => service.kind === "container" && service.compose !== undefined,
  params: scaleParams,
  concurrencyKey: serviceKey,
  describeTarget: (target, p) => `${target.service.id} replicas=${p.replicas}`,
  async run({ target, out, deps, signal }, p) {
    const { docker } = deps;
    const service = target.service;
    if (!service.compose)
      throw new Validation(`replicas: ${service.name} is not a compose service, so it cannot be scaled here`);
    const compose = service.compose;
    const members = await composeMembers(docker, compose);
    if (members.some((m) => m.labels[SWARM_SERVICE_LABEL]))
      throw new Conflict(
        `${service.name} runs as a Swarm service: scale it with \`docker service scale\` (Opsdeck scales compose services only)`,
      );
    if (members.length === 0)
      throw new Conflict(
        `${service.name} has no container to copy the configuration from: create one with \`docker compose up\` first`,
      );

    const before = members.filter((m) => isRunning(m.state)).length;
    const plan = planScale(members, p.replicas);
    const kept = p.replicas === 0 ? plan.keep : plan.keep.filter((m) => !isRunning(m.state));
    const total = plan.remove.length + kept.length + plan.create.length;
    let done = 0;
    const step = () => out.progress(++done, total);
    out.line(`${service.name}: ${before} running of ${members.length}, scaling to ${p.replicas}`, "info");
    out.progress(0, total);
    // Read the template before anything is removed: it may be the only copy of the configuration.
    const template = plan.keep.find((m) => isRunning(m.state)) ?? plan.keep[0];
    const spec = plan.create.length ? await docker.containerSpec(template.id) : undefined;

    const removed: string[] = [];
    for (const m of plan.remove) {
      signal.throwIfAborted();
      out.line(`stopping and removing ${m.name}`, "info");
      await docker.stopContainer(m.id, { timeoutS: 10, signal });
      await docker.removeContainer(m.id);
      removed.push(m.name);
      step();
    }
    const started: string[] = [];
    const stopped: string[] = [];
    for (const m of kept) {
      signal.throwIfAborted();
      if (p.replicas === 0) {
        out.line(`stopping ${m.name} (kept, stopped, to scale up from later)`, "info");
        if (await docker.stopContainer(m.id, { timeoutS: 10, signal })) stopped.push(m.name);
      } else {
        out.line(`starting ${m.name}`, "info");
        if (await docker.startContainer(m.id, { signal })) started.push(m.name);
      }
      step();
    }
    const created: string[] = [];
    const names = members.map((m) => m.name);
    for (const number of plan.create) {
      signal.throwIfAborted();
      const name = replicaName(compose, number, names);
      out.line(`creating ${name} from ${template.name}`, "info");
      // spec is set whenever plan.create is non-empty
      await createReplica(docker, spec!, template, { name, number }, signal, created);
      created.push(name);
      step();
    }
    const after = (await composeMembers(docker, compose)).filter((m) => isRunning(m.state));
    out.line(
      `${service.name}: ${after.length} running (${after.map((m) => m.name).join(", ") || "none"})`,
      "info",
    );
    return { before, after: after.length, created, removed, started, stopped };
  },
};

async function createReplica(
  docker: DockerGateway,
  spec: ContainerSpec,
  template: ComposeMember,
  to: { name: string; number: number },
  signal: AbortSignal,
  createdSoFar: readonly string[],
): Promise<void> {
  let id: string | undefined;
  try {
    id = await docker.createContainer(to.name, replicaSpec(spec, template, to), { signal });
    await docker.startContainer(id, { signal });
  } catch (error) {
    if (id) await docker.removeContainer(id, { force: true }).catch(() => undefined);
    const so = createdSoFar.length ? `; created before it: ${createdSoFar.join(", ")}` : "";
    throw new Conflict(`could not start a new container ${to.name}: ${shortErrorMessage(error)}${so}`);
  }
}
