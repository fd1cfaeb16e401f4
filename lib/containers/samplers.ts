import "server-only";
import type { DockerGateway } from "@/lib/infra/docker";
import { getRuntime } from "@/lib/monitor/runtime";
import { StatsSamplers } from "./stats-sampler";

/**
 * The process-wide Docker gateway and stats samplers of the container views, on globalThis so
 * dev-mode reloads keep one set. They reuse the monitor engine's gateway and its events stream
 * (a web-only replica has no events: its samplers stop when a read finds the container stopped).
 */

const g = globalThis as unknown as { opsdeckStatsSamplers?: StatsSamplers };

export function containerGateway(): DockerGateway {
  return getRuntime().engine.dockerGateway;
}

export function statsSamplers(): StatsSamplers {
  if (g.opsdeckStatsSamplers) return g.opsdeckStatsSamplers;
  const { engine } = getRuntime();
  g.opsdeckStatsSamplers = new StatsSamplers({
    read: (id, signal) => engine.dockerGateway.containerStats(id, { oneShot: true, signal }),
    onContainerEvent: (listener) => engine.onContainerEvent(listener),
  });
  return g.opsdeckStatsSamplers;
}
