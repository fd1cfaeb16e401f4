import type Docker from "dockerode";
import type { ContainerSpec } from "./docker-spec";

/**
 * Types of the Docker gateway (lib/infra/docker.ts) and the mapping from the engine's JSON
 * to them, split out to keep that file short. Import them from "@/lib/infra/docker".
 */

export interface DockerGatewayOptions {
  /** unix:///path/to/docker.sock or tcp://host:port */
  host: string;
  tls?: { ca: string; cert: string; key: string };
}

export type DockerErrorKind = "not_found" | "unavailable" | "timeout" | "aborted" | "invalid" | "failed";

/** Every failure of the gateway, with a kind callers can map to AppError without parsing text. */
export class DockerGatewayError extends Error {
  constructor(
    readonly kind: DockerErrorKind,
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = "DockerGatewayError";
  }
}

export type ContainerHealth = "healthy" | "unhealthy" | "starting" | "none";

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  created: Date;
  /** created, running, paused, restarting, removing, exited, dead */
  state: string;
  /** Docker's human status, e.g. "Up 3 minutes (healthy)". */
  status: string;
  health: ContainerHealth;
  labels: Record<string, string>;
  networks: Record<string, { ip?: string }>;
}

export interface ContainerDetails extends ContainerSummary {
  running: boolean;
  restarting: boolean;
  exitCode: number;
  oomKilled: boolean;
  startedAt?: Date;
  finishedAt?: Date;
  restartCount: number;
  tty: boolean;
  /** Environment of the container: may hold secrets, never persist or send it to a browser. */
  env: string[];
  healthLog: { exitCode: number; output: string; end: Date }[];
  failingStreak: number;
  networks: Record<string, { ip?: string; aliases: string[] }>;
  /** Volumes and bind mounts (no contents): where a named volume is mounted, and whether writable. */
  mounts: { type: string; name?: string; source?: string; destination: string; rw: boolean }[];
}

export interface LogLine {
  stream: "stdout" | "stderr";
  line: string;
  /** RFC 3339 timestamp from Docker when `timestamps` is on. */
  ts?: string;
}

export interface LogOptions {
  since?: Date;
  until?: Date;
  tail?: number | "all";
  follow?: boolean;
  timestamps?: boolean;
  signal?: AbortSignal;
}

export interface DockerEvent {
  type: string;
  action: string;
  actorId: string;
  attributes: Record<string, string>;
  /** Milliseconds since epoch. */
  time: number;
}

export interface EventOptions {
  since?: Date;
  /** With `until`, the engine replays what it remembers up to then and closes the stream. */
  until?: Date;
  filters?: { type?: string[]; event?: string[]; container?: string[]; label?: string[] };
  signal?: AbortSignal;
}

export interface ExecOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Per stream; the rest is dropped and `truncated` set. Default 64 KiB. */
  maxOutputBytes?: number;
  /** Extra environment as KEY=value (declared in config; may hold secrets, never logged). */
  env?: string[];
  user?: string;
  workdir?: string;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  truncated: boolean;
}

export interface ContainerStatsSample {
  /** From the engine's own previous read; 0 on one-shot reads (compute deltas from the counters). */
  cpuPercent: number;
  /** Usage minus inactive page cache, as `docker stats` shows it. */
  memoryBytes: number;
  memoryLimitBytes: number;
  pids: number;
  /** When the engine read the counters; undefined when the container is not running. */
  readAt?: Date;
  /** Cumulative CPU time of the container and of the host, in ns: deltas between reads give CPU %. */
  cpuTotalNs: number;
  systemCpuNs: number;
  onlineCpus: number;
}

export interface StatsOptions {
  /**
   * Read the counters once without waiting for a second sample (Docker API 1.41+): ~20 ms
   * instead of ~2 s, but no precomputed CPU %.
   */
  oneShot?: boolean;
  signal?: AbortSignal;
}

/** The signals `container.kill` may send: a fixed list, never a free string. */
export const KILL_SIGNALS = [
  "SIGKILL",
  "SIGTERM",
  "SIGINT",
  "SIGHUP",
  "SIGQUIT",
  "SIGUSR1",
  "SIGUSR2",
] as const;
export type KillSignal = (typeof KILL_SIGNALS)[number];

export interface DockerGateway {
  ping(): Promise<boolean>;
  version(): Promise<{ version: string; apiVersion: string; os: string; arch: string }>;
  listContainers(opts?: { all?: boolean }): Promise<ContainerSummary[]>;
  inspectContainer(id: string): Promise<ContainerDetails>;
  containerLogs(id: string, opts?: LogOptions): AsyncIterable<LogLine>;
  /** Opens the stream (rejects when the engine is unreachable); iteration ends when the engine closes it. */
  events(opts?: EventOptions): Promise<AsyncIterable<DockerEvent>>;
  execInContainer(id: string, argv: readonly string[], opts: ExecOptions): Promise<ExecResult>;
  containerStats(id: string, opts?: StatsOptions): Promise<ContainerStatsSample>;
  /** Stops (SIGTERM, then SIGKILL after timeoutS) and starts the container. */
  restartContainer(id: string, opts?: { timeoutS?: number; signal?: AbortSignal }): Promise<void>;
  /** Stops (SIGTERM, then SIGKILL after timeoutS); resolves false when it was not running. */
  stopContainer(id: string, opts?: { timeoutS?: number; signal?: AbortSignal }): Promise<boolean>;
  /** Resolves false when it was already running. */
  startContainer(id: string, opts?: { signal?: AbortSignal }): Promise<boolean>;
  killContainer(id: string, killSignal: KillSignal, opts?: { signal?: AbortSignal }): Promise<void>;
  /** The container's own configuration, to create a copy of it. Holds its env: never show or store it. */
  containerSpec(id: string): Promise<ContainerSpec>;
  /** Creates (does not start) a container named `name` from a spec read by containerSpec, with its networks. */
  createContainer(name: string, spec: ContainerSpec, opts?: { signal?: AbortSignal }): Promise<string>;
  /** Removes a container, never its volumes; `force` also removes a running one. */
  removeContainer(id: string, opts?: { force?: boolean }): Promise<void>;
  renameContainer(id: string, name: string): Promise<void>;
  /** One file of a container (or a volume mounted in it) as the engine's tar archive of it. */
  archiveFile(id: string, path: string): Promise<NodeJS.ReadableStream>;
}

function healthFromStatus(status: string): ContainerHealth {
  if (status.includes("(healthy)")) return "healthy";
  if (status.includes("(unhealthy)")) return "unhealthy";
  if (status.includes("(health: starting)")) return "starting";
  return "none";
}

export function toSummary(c: Docker.ContainerInfo): ContainerSummary {
  const networks: ContainerSummary["networks"] = {};
  for (const [name, net] of Object.entries(c.NetworkSettings?.Networks ?? {}))
    networks[name] = { ip: net.IPAddress || undefined };
  return {
    id: c.Id,
    name: (c.Names[0] ?? c.Id).replace(/^\//, ""),
    image: c.Image,
    created: new Date(c.Created * 1000),
    state: c.State,
    status: c.Status,
    health: healthFromStatus(c.Status),
    labels: c.Labels ?? {},
    networks,
  };
}

export function toDetails(c: Docker.ContainerInspectInfo): ContainerDetails {
  const date = (s?: string) => (s && !s.startsWith("0001-") ? new Date(s) : undefined);
  const health = c.State.Health;
  const networks: ContainerDetails["networks"] = {};
  for (const [name, net] of Object.entries(c.NetworkSettings?.Networks ?? {}))
    networks[name] = { ip: net.IPAddress || undefined, aliases: net.Aliases ?? [] };
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ""),
    image: c.Config.Image,
    created: new Date(c.Created),
    state: c.State.Status,
    status: c.State.Status,
    health: (health?.Status as ContainerHealth | undefined) ?? "none",
    labels: c.Config.Labels ?? {},
    networks,
    mounts: (c.Mounts ?? []).map((m) => ({
      type: m.Type,
      name: m.Name || undefined,
      source: m.Source || undefined,
      destination: m.Destination,
      rw: m.RW,
    })),
    running: c.State.Running,
    restarting: c.State.Restarting,
    exitCode: c.State.ExitCode,
    oomKilled: c.State.OOMKilled,
    startedAt: date(c.State.StartedAt),
    finishedAt: date(c.State.FinishedAt),
    restartCount: c.RestartCount,
    tty: c.Config.Tty,
    env: c.Config.Env ?? [],
    healthLog: (health?.Log ?? []).map((l) => ({
      exitCode: l.ExitCode,
      output: l.Output,
      end: new Date(l.End),
    })),
    failingStreak: health?.FailingStreak ?? 0,
  };
}

export function toStats(s: Docker.ContainerStats): ContainerStatsSample {
  const total = s.cpu_stats.cpu_usage?.total_usage ?? 0;
  const system = s.cpu_stats.system_cpu_usage ?? 0;
  const cpuDelta = total - (s.precpu_stats.cpu_usage?.total_usage ?? 0);
  const systemDelta = system - (s.precpu_stats.system_cpu_usage ?? 0);
  const cpus = s.cpu_stats.online_cpus || s.cpu_stats.cpu_usage?.percpu_usage?.length || 1;
  // Page cache is reclaimable: cgroup v1 reports it as total_inactive_file, v2 as inactive_file.
  const mem = s.memory_stats.stats as Record<string, number | undefined> | undefined;
  const cache = mem?.total_inactive_file ?? mem?.inactive_file ?? 0;
  const usage = s.memory_stats.usage ?? 0;
  // An unset read time (year 1) means the container is not running.
  const readAt = s.read && !s.read.startsWith("0001-") ? new Date(s.read) : undefined;
  return {
    cpuPercent:
      systemDelta > 0 && cpuDelta > 0 && s.precpu_stats.system_cpu_usage
        ? (cpuDelta / systemDelta) * cpus * 100
        : 0,
    memoryBytes: Math.max(0, usage - (cache < usage ? cache : 0)),
    memoryLimitBytes: s.memory_stats.limit ?? 0,
    pids: s.pids_stats?.current ?? 0,
    readAt,
    cpuTotalNs: total,
    systemCpuNs: system,
    onlineCpus: cpus,
  };
}
