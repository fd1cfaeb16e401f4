import type Docker from "dockerode";
import { DockerGatewayError } from "./docker-types";

/**
 * A container's own configuration read back from the engine, in the shape needed to create a
 * copy of it the way `docker compose up` recreates or scales a service. Nothing in it comes
 * from a request: callers change only the env, labels and aliases they own.
 */
export interface ContainerSpec {
  image: string;
  cmd?: string[];
  entrypoint?: string | string[];
  /** May hold secrets: never write it to output, logs or audit. */
  env: string[];
  labels: Record<string, string>;
  /** Undefined when the engine chose it (the short id), so a copy gets its own. */
  hostname?: string;
  domainname?: string;
  user?: string;
  workingDir?: string;
  exposedPorts?: Record<string, object>;
  volumes?: Record<string, object>;
  tty: boolean;
  openStdin: boolean;
  stdinOnce: boolean;
  stopSignal?: string;
  stopTimeout?: number;
  healthcheck?: Docker.HealthConfig;
  /** The engine's host config (binds, ports, restart policy, limits), passed back unchanged. */
  hostConfig: Readonly<Docker.HostConfig>;
  networks: SpecNetwork[];
  /** Volumes without a name in the config (image VOLUME, compose `- /data`); a recreated container keeps them. */
  anonymousVolumes: { name: string; destination: string; readOnly: boolean }[];
}

export interface SpecNetwork {
  name: string;
  aliases: string[];
  links?: string[];
  ipv4?: string;
  ipv6?: string;
}

/** The engine names anonymous volumes with 64 hex digits. */
const ANONYMOUS_VOLUME = /^[0-9a-f]{64}$/;

type InspectConfig = Docker.ContainerInspectInfo["Config"] & { StopSignal?: string; StopTimeout?: number };
type InspectNetwork = {
  Aliases?: string[] | null;
  Links?: string[] | null;
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string } | null;
};

export function toContainerSpec(c: Docker.ContainerInspectInfo): ContainerSpec {
  const cfg = c.Config as InspectConfig;
  const shortId = c.Id.slice(0, 12);
  // The engine derives these from SecurityOpt; passing them back would pin today's defaults.
  const {
    MaskedPaths: _m,
    ReadonlyPaths: _r,
    ...hostConfig
  } = c.HostConfig as Docker.HostConfig & {
    MaskedPaths?: unknown;
    ReadonlyPaths?: unknown;
  };
  // A copy made earlier mounts its anonymous volumes by their generated name: still anonymous.
  const binds = (hostConfig.Binds ?? []).filter((b) => !ANONYMOUS_VOLUME.test(b.split(":")[0]));
  const explicit = new Set([
    ...binds.map((b) => b.split(":")[1]),
    ...(hostConfig.Mounts ?? []).map((m) => m.Target),
  ]);
  const networks = Object.entries(c.NetworkSettings?.Networks ?? {}).map(([name, raw]) => {
    const n = raw as InspectNetwork;
    return {
      name,
      // The engine adds the short id itself; a copy must not answer to the old one.
      aliases: (n.Aliases ?? []).filter((a) => a !== shortId),
      links: n.Links?.length ? n.Links : undefined,
      ipv4: n.IPAMConfig?.IPv4Address || undefined,
      ipv6: n.IPAMConfig?.IPv6Address || undefined,
    };
  });
  return {
    image: cfg.Image,
    cmd: cfg.Cmd ?? undefined,
    entrypoint: cfg.Entrypoint ?? undefined,
    env: cfg.Env ?? [],
    labels: { ...(cfg.Labels ?? {}) },
    hostname: cfg.Hostname && cfg.Hostname !== shortId ? cfg.Hostname : undefined,
    domainname: cfg.Domainname || undefined,
    user: cfg.User || undefined,
    workingDir: cfg.WorkingDir || undefined,
    exposedPorts: cfg.ExposedPorts ?? undefined,
    volumes: cfg.Volumes ?? undefined,
    tty: cfg.Tty,
    openStdin: cfg.OpenStdin,
    stdinOnce: cfg.StdinOnce,
    stopSignal: cfg.StopSignal || undefined,
    stopTimeout: cfg.StopTimeout ?? undefined,
    healthcheck: cfg.Healthcheck ?? undefined,
    hostConfig: { ...hostConfig, Binds: binds.length ? binds : undefined },
    networks,
    anonymousVolumes: (c.Mounts ?? [])
      .filter((m) => m.Type === "volume" && m.Name && !explicit.has(m.Destination))
      .map((m) => ({ name: m.Name!, destination: m.Destination, readOnly: !m.RW })),
  };
}

/** The create request for a spec, and the networks to connect before it starts (one per create call). */
export function toCreateOptions(spec: ContainerSpec): {
  options: Docker.ContainerCreateOptions;
  connect: SpecNetwork[];
} {
  const mode = spec.hostConfig.NetworkMode ?? "default";
  const shared = mode === "host" || mode === "none" || mode.startsWith("container:");
  const primaryName = mode === "default" ? "bridge" : mode;
  const primary = shared
    ? undefined
    : (spec.networks.find((n) => n.name === primaryName) ?? spec.networks[0]);
  const reused = spec.anonymousVolumes.map((v) => `${v.name}:${v.destination}${v.readOnly ? ":ro" : ""}`);
  const binds = [...(spec.hostConfig.Binds ?? []), ...reused];
  return {
    options: {
      Image: spec.image,
      Cmd: spec.cmd,
      Entrypoint: spec.entrypoint,
      Env: spec.env,
      Labels: spec.labels,
      Hostname: spec.hostname,
      Domainname: spec.domainname,
      User: spec.user,
      WorkingDir: spec.workingDir,
      ExposedPorts: spec.exposedPorts,
      Volumes: spec.volumes,
      Tty: spec.tty,
      OpenStdin: spec.openStdin,
      StdinOnce: spec.stdinOnce,
      StopSignal: spec.stopSignal,
      StopTimeout: spec.stopTimeout,
      Healthcheck: spec.healthcheck,
      HostConfig: { ...spec.hostConfig, Binds: binds.length ? binds : undefined },
      NetworkingConfig: primary ? { EndpointsConfig: { [primary.name]: endpoint(primary) } } : undefined,
    },
    connect: shared ? [] : spec.networks.filter((n) => n !== primary),
  };
}

export function endpoint(n: SpecNetwork): Docker.EndpointSettings {
  return {
    Aliases: n.aliases.length ? n.aliases : undefined,
    Links: n.links,
    IPAMConfig: n.ipv4 || n.ipv6 ? { IPv4Address: n.ipv4, IPv6Address: n.ipv6 } : undefined,
  };
}

/** Creates the container on its first network, then connects the others (one per API call before 1.44). */
export async function createFromSpec(
  docker: Docker,
  name: string,
  spec: ContainerSpec,
  signal?: AbortSignal,
) {
  const { options, connect } = toCreateOptions(spec);
  const container = await docker.createContainer({ ...options, name, abortSignal: signal });
  try {
    for (const net of connect)
      await docker
        .getNetwork(checkNetwork(net.name))
        .connect({ Container: container.id, EndpointConfig: endpoint(net) });
  } catch (error) {
    await container.remove({ force: true }).catch(() => undefined);
    throw error;
  }
  return container.id;
}

function checkNetwork(name: string): string {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/.test(name))
    throw new DockerGatewayError("invalid", "invalid network name");
  return name;
}
