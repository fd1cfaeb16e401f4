import type { DockerOperation } from "./docker";

/**
 * Every Docker Engine API endpoint the gateway (lib/infra/docker.ts) calls, with the operations
 * that call it: the allow-list a socket proxy needs. test/integration/docker-allowlist.test.ts
 * runs every operation through a proxy built from this list, and docs/docker-access.md shows it.
 */
export interface DockerEndpoint {
  method: "GET" | "POST" | "DELETE";
  /** Path without the optional `/v1.xx` prefix; `{id}` is one id or name segment. */
  path: string;
  operations: readonly DockerOperation[];
  /** tecnativa/docker-socket-proxy variables that must be 1 for the proxy to pass it. */
  socketProxy: readonly string[];
  /** What the gateway uses it for. */
  why: string;
}

export const DOCKER_ENDPOINTS: readonly DockerEndpoint[] = [
  { method: "GET", path: "/_ping", operations: ["ping"], socketProxy: ["PING"], why: "engine reachable" },
  {
    method: "GET",
    path: "/version",
    operations: ["version"],
    socketProxy: ["VERSION"],
    why: "engine version",
  },
  {
    method: "GET",
    path: "/containers/json",
    operations: ["listContainers"],
    socketProxy: ["CONTAINERS"],
    why: "discovery and the service map",
  },
  {
    method: "GET",
    path: "/containers/{id}/json",
    operations: ["inspectContainer", "containerLogs", "containerSpec"],
    socketProxy: ["CONTAINERS"],
    why: "state and health; logs read `Tty` to split streams; spec copies the config",
  },
  {
    method: "GET",
    path: "/containers/{id}/logs",
    operations: ["containerLogs"],
    socketProxy: ["CONTAINERS", "ALLOW_LOGS"],
    why: "log views, log search, follow (streamed)",
  },
  {
    method: "GET",
    path: "/containers/{id}/stats",
    operations: ["containerStats"],
    socketProxy: ["CONTAINERS"],
    why: "CPU and memory samples (one read, not a stream)",
  },
  {
    method: "GET",
    path: "/containers/{id}/archive",
    operations: ["archiveFile"],
    socketProxy: ["CONTAINERS"],
    why: "download a dump an action wrote inside a volume (one file, read only)",
  },
  {
    method: "GET",
    path: "/events",
    operations: ["events"],
    socketProxy: ["EVENTS"],
    why: "live state (streamed)",
  },
  {
    method: "POST",
    path: "/containers/{id}/exec",
    operations: ["execInContainer"],
    socketProxy: ["CONTAINERS", "POST", "ALLOW_EXEC"],
    why: "exec checks and actions: create the exec (argv, never a shell string)",
  },
  {
    method: "POST",
    path: "/exec/{id}/start",
    operations: ["execInContainer"],
    socketProxy: ["EXEC", "POST"],
    why: "run it; the connection is upgraded to a raw stream",
  },
  {
    method: "GET",
    path: "/exec/{id}/json",
    operations: ["execInContainer"],
    socketProxy: ["EXEC"],
    why: "exit code",
  },
  {
    method: "POST",
    path: "/containers/{id}/restart",
    operations: ["restartContainer"],
    socketProxy: ["CONTAINERS", "POST"],
    why: "restart action",
  },
  {
    method: "POST",
    path: "/containers/{id}/stop",
    operations: ["stopContainer"],
    socketProxy: ["CONTAINERS", "POST"],
    why: "stop, recreate and scale-down actions",
  },
  {
    method: "POST",
    path: "/containers/{id}/start",
    operations: ["startContainer"],
    socketProxy: ["CONTAINERS", "POST"],
    why: "start, recreate and scale-up actions",
  },
  {
    method: "POST",
    path: "/containers/{id}/kill",
    operations: ["killContainer"],
    socketProxy: ["CONTAINERS", "POST", "ALLOW_KILL"],
    why: "kill action (fixed list of signals)",
  },
  {
    method: "POST",
    path: "/containers/create",
    operations: ["createContainer"],
    socketProxy: ["CONTAINERS", "POST"],
    why: "recreate and scale: a copy of a spec read from an existing container",
  },
  {
    method: "POST",
    path: "/networks/{id}/connect",
    operations: ["createContainer"],
    socketProxy: ["NETWORKS", "POST"],
    why: "attach the copy to the original's other networks",
  },
  {
    method: "DELETE",
    path: "/containers/{id}",
    operations: ["removeContainer", "createContainer"],
    socketProxy: ["CONTAINERS", "POST", "DELETE"],
    why: "remove the replaced container (never its volumes); undo a half-made copy",
  },
  {
    method: "POST",
    path: "/containers/{id}/rename",
    operations: ["renameContainer"],
    socketProxy: ["CONTAINERS", "POST"],
    why: "park the original while its copy takes the name",
  },
];

/** The characters the gateway accepts in ids and names: no `/`, `%` or `..` reach the engine. */
const SEGMENT = "[a-zA-Z0-9][a-zA-Z0-9_.-]*";
const VERSION_PREFIX = /^\/v1\.\d+(?=\/)/;

const patterns = DOCKER_ENDPOINTS.map((endpoint) => ({
  endpoint,
  regex: new RegExp(`^${endpoint.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{id\}/g, SEGMENT)}$`),
}));

/** The path an endpoint is matched on: no query string, no `/v1.xx` prefix. */
export function endpointPath(url: string): string {
  return url.split("?")[0].replace(VERSION_PREFIX, "");
}

/** The listed endpoint a request is for, or undefined when Opsdeck never makes such a request. */
export function matchDockerEndpoint(method: string, url: string): DockerEndpoint | undefined {
  const path = endpointPath(url);
  return patterns.find((p) => p.endpoint.method === method && p.regex.test(path))?.endpoint;
}

/** `GET /containers/{id}/json`: how an endpoint is written in docs and test output. */
export function endpointLabel(e: Pick<DockerEndpoint, "method" | "path">): string {
  return `${e.method} ${e.path}`;
}
