import "server-only";
import type { DockerGateway } from "@/lib/infra/docker";
import { processSingleton } from "@/lib/infra/process-registry";
import { getRuntime } from "@/lib/monitor/runtime";
import { StatsSamplers } from "./stats-sampler";

/**
 * The process-wide Docker gateway and stats samplers of the container views, in the process
 * registry so dev-mode reloads keep one set. They reuse the monitor engine's gateway and its events stream
 * (a web-only replica has no events: its samplers stop when a read finds the container stopped).
 */

export function containerGateway(): DockerGateway {
  return getRuntime().engine.dockerGateway;
}

export function statsSamplers(): StatsSamplers {
  return processSingleton("stats-samplers", () => {
    const { engine } = getRuntime();
    return new StatsSamplers({
      read: (id, signal) => engine.dockerGateway.containerStats(id, { oneShot: true, signal }),
      onContainerEvent: (listener) => engine.onContainerEvent(listener),
    });
  });
}
