import "server-only";
import { NotFound, Unavailable } from "@/lib/errors";
import { DockerGatewayError, type ContainerDetails } from "@/lib/infra/docker";
import { CONTAINER_EVENT_TYPES, toContainerEvent } from "@/lib/monitor/docker-events";
import { getRuntime, mapSnapshot } from "@/lib/monitor/runtime";
import type { MapSnapshot } from "@/lib/monitor/snapshot";
import { containerGateway } from "./samplers";
import type { ContainerEventView, ContainerView } from "./schemas";

/**
 * The containers behind one service, as the service page shows them. Only containers the
 * monitor attributes to the service are reachable through its routes, and only the fields
 * below leave the server: never the environment (it holds secrets), labels or mounts.
 */

export type MapService = MapSnapshot["services"][number];

export async function findService(
  serviceId: string,
): Promise<{ service: MapService; snapshot: MapSnapshot }> {
  const snapshot = await mapSnapshot();
  const service = snapshot.services.find((s) => s.id === serviceId);
  if (!service)
    throw new NotFound(
      `no service "${serviceId}": it is not in the configuration and no container of that name was discovered`,
    );
  return { service, snapshot };
}

/** A container of the service by full id, id prefix (12+ chars) or name; NotFound otherwise. */
export async function resolveContainer(
  serviceId: string,
  ref: string,
): Promise<{ id: string; name: string }> {
  const { service } = await findService(serviceId);
  const found = service.containers.find(
    (c) => c.id === ref || c.name === ref || (ref.length >= 12 && c.id.startsWith(ref)),
  );
  if (!found) throw new NotFound(`"${ref}" is not a container of ${service.name}; it may have been removed`);
  return { id: found.id, name: found.name };
}

export async function listServiceContainers(serviceId: string): Promise<ContainerView[]> {
  const { service, snapshot } = await findService(serviceId);
  if (service.containers.length === 0) return [];
  const gateway = containerGateway();
  const views = await Promise.all(
    service.containers.map(async (c) => {
      try {
        return toView(await gateway.inspectContainer(c.id));
      } catch (error) {
        // Removed between the list and the inspect: leave it out rather than fail the page.
        if (error instanceof DockerGatewayError && error.kind === "not_found") return null;
        throw dockerError(error, snapshot.docker.host);
      }
    }),
  );
  return views.filter((v): v is ContainerView => v !== null);
}

function toView(d: ContainerDetails): ContainerView {
  return {
    id: d.id,
    name: d.name,
    image: d.image,
    state: d.state,
    health: d.health,
    restartCount: d.restartCount,
    exitCode: d.exitCode,
    oomKilled: d.oomKilled,
    createdAt: d.created.toISOString(),
    startedAt: d.startedAt?.toISOString(),
    finishedAt: d.finishedAt?.toISOString(),
  };
}

/**
 * Recent container events of the service from the engine's own memory (it replays its last
 * events on request): starts, deaths, OOM kills, health changes. For a compose service the
 * events of earlier containers of the same compose service count too.
 */
export async function serviceContainerEvents(
  serviceId: string,
  sinceMs: number,
): Promise<ContainerEventView[]> {
  const { service, snapshot } = await findService(serviceId);
  const compose = getRuntime().engine.service(serviceId)?.compose;
  if (!compose && service.containers.length === 0) return [];
  const filters = compose
    ? {
        label: [
          `com.docker.compose.project=${compose.project}`,
          `com.docker.compose.service=${compose.service}`,
        ],
      }
    : { container: service.containers.map((c) => c.id) };
  const out: ContainerEventView[] = [];
  try {
    const events = await containerGateway().events({
      since: new Date(Date.now() - sinceMs),
      until: new Date(),
      filters: { type: ["container"], event: [...CONTAINER_EVENT_TYPES], ...filters },
      signal: AbortSignal.timeout(5000),
    });
    for await (const raw of events) {
      const e = toContainerEvent(raw);
      if (!e) continue;
      out.push({
        at: new Date(e.time).toISOString(),
        containerId: e.containerId,
        containerName: e.name,
        action: e.type,
        detail: eventDetail(e.type, e.attributes, e.health),
      });
    }
  } catch (error) {
    throw dockerError(error, snapshot.docker.host);
  }
  return out.reverse().slice(0, 100);
}

function eventDetail(type: string, attributes: Record<string, string>, health?: string): string | undefined {
  if (type === "die") return attributes.exitCode ? `exit code ${attributes.exitCode}` : undefined;
  if (type === "health_status") return health;
  if (type === "oom") return "out of memory";
  if (type === "kill") return attributes.signal ? `signal ${attributes.signal}` : undefined;
  return undefined;
}

/** Gateway failures as messages that say what to do. */
export function dockerError(error: unknown, host: string): unknown {
  if (!(error instanceof DockerGatewayError)) return error;
  if (error.kind === "not_found")
    return new NotFound("the container is gone (removed or recreated); reload the page");
  if (error.kind === "unavailable" || error.kind === "timeout")
    return new Unavailable(
      `no Docker engine answers at ${host}: start it, or point DOCKER_HOST at it (unix:///var/run/docker.sock or tcp://host:2375)`,
    );
  return error;
}
