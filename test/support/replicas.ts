import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { docker, dockerHost, ensureReplicaImages, waitFor } from "./docker";

/**
 * Replica stacks (examples/<stack>/replica/): the example configs' stacks as small local images,
 * started with docker-compose under the compose project the config names, so the example config
 * monitors them as they are. Their containers, network and volumes carry opsdeck.test=1.
 */

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");

export type ReplicaStack = "serotonin-script" | "agent-stack" | "dspy-prompt-improver";

/** Where each external API the configs call lives on the externals container (replica-kit/externals.json). */
const EXTERNAL_PREFIXES = {
  ANTHROPIC_API_URL: "/anthropic",
  ANTHROPIC_STATUS_URL: "/anthropic-status",
  OPENAI_API_URL: "/openai",
  OPENAI_STATUS_URL: "/openai-status",
  PUBMED_URL: "/pubmed",
  SLACK_API_URL: "/slack",
  OPENROUTER_URL: "/openrouter",
} as const;

interface StackSpec {
  /** The compose project: the config's, where it binds services to one. */
  project: string;
  /** Given to docker-compose (the replica reads them) and to the config alike: one source. */
  secrets: Record<string, string>;
  /** Variables that point at replica containers, from their addresses. */
  addresses?: (ip: (service: string) => string) => Record<string, string>;
}

const STACKS: Record<ReplicaStack, StackSpec> = {
  "serotonin-script": {
    project: "serotonin_script",
    secrets: {
      SERATONIN_DB_PASSWORD: "replica-db-password",
      ANTHROPIC_API_KEY: "sk-ant-replica-test",
      OPENAI_API_KEY: "sk-replica-test",
      SLACK_BOT_TOKEN: "xoxb-replica-test",
    },
  },
  "agent-stack": {
    project: "agent-stack",
    secrets: {
      POSTGRES_USER: "agent",
      POSTGRES_PASSWORD: "replica-db-password",
      POSTGRES_DB: "agent_db",
      OPENROUTER_API_KEY: "sk-or-v1-replica-test",
      QDRANT_COLLECTION: "agent_memories",
    },
  },
  "dspy-prompt-improver": {
    project: "dspy-prompt-improver",
    secrets: { ANTHROPIC_API_KEY: "sk-ant-replica-test" },
    addresses: (ip) => ({
      DSPY_BACKEND_URL: `http://${ip("backend")}:8000`,
      OLLAMA_URL: `http://${ip("ollama")}:11434`,
    }),
  },
};

export interface ReplicaContainer {
  /** The compose service, e.g. `backend`. */
  service: string;
  id: string;
  name: string;
  ip: string;
}

export interface Replica {
  stack: ReplicaStack;
  project: string;
  /** examples/<stack>/opsdeck.yml */
  configFile: string;
  /** The first container of each compose service. */
  services: Record<string, ReplicaContainer>;
  /** What `loadConfigFile(configFile, env)` needs: secrets, external API URLs, replica addresses. */
  env: Record<string, string>;
}

const composeFile = (stack: ReplicaStack) => path.join(ROOT, "examples", stack, "replica/docker-compose.yml");

function compose(stack: ReplicaStack, args: string[], timeoutMs: number) {
  const { project, secrets } = STACKS[stack];
  return run("docker-compose", ["-p", project, "-f", composeFile(stack), ...args], {
    env: { ...process.env, DOCKER_HOST: dockerHost(), ...secrets },
    timeout: timeoutMs,
  });
}

/**
 * Starts the stack's replica from scratch (what an earlier run left is removed first), waits until
 * every container runs and those with a healthcheck are healthy, and says where everything is.
 */
export async function replicaUp(stack: ReplicaStack): Promise<Replica> {
  await ensureReplicaImages();
  await replicaDown(stack);
  await compose(stack, ["up", "-d"], 120_000);
  const { project, secrets, addresses } = STACKS[stack];
  const containers = await waitFor(() => readyContainers(project), `${stack} replica running and healthy`, {
    timeoutMs: 60_000,
    intervalMs: 500,
  });
  const services: Record<string, ReplicaContainer> = {};
  for (const c of containers) services[c.service] ??= c;
  const ip = (service: string) => {
    if (!services[service]) throw new Error(`${stack} replica has no ${service} service`);
    return services[service].ip;
  };
  const externals = `http://${ip("externals")}:8080`;
  const urls = Object.fromEntries(
    Object.entries(EXTERNAL_PREFIXES).map(([name, prefix]) => [name, externals + prefix]),
  );
  return {
    stack,
    project,
    configFile: path.join(ROOT, "examples", stack, "opsdeck.yml"),
    services,
    env: { ...secrets, ...urls, ...addresses?.(ip) },
  };
}

/** Removes the replica's containers, network and volumes. */
export async function replicaDown(stack: ReplicaStack): Promise<void> {
  await compose(stack, ["down", "-v", "-t", "1", "--remove-orphans"], 60_000);
}

/** Every container of the project once all run and the healthchecked ones are healthy; throws what is not. */
async function readyContainers(project: string): Promise<ReplicaContainer[]> {
  const ids = await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${project}`]);
  if (!ids) throw new Error("no containers yet");
  const inspected = JSON.parse(await docker(["inspect", ...ids.split("\n")])) as InspectedContainer[];
  const rows = inspected.map((c) => ({
    id: c.Id,
    name: c.Name.replace(/^\//, ""),
    service: c.Config.Labels["com.docker.compose.service"],
    ip: Object.values(c.NetworkSettings.Networks).find((n) => n.IPAddress)?.IPAddress ?? "",
    state: c.State.Status,
    health: c.State.Health?.Status,
  }));
  const waiting = rows.filter((r) => r.state !== "running" || !r.ip || (r.health && r.health !== "healthy"));
  if (waiting.length > 0)
    throw new Error(
      `waiting for ${waiting.map((r) => `${r.name} (${r.state}${r.health ? `, ${r.health}` : ""})`).join(", ")}`,
    );
  return rows
    .map(({ id, name, service, ip }) => ({ id, name, service, ip }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The fields of `docker inspect` read here. */
interface InspectedContainer {
  Id: string;
  Name: string;
  Config: { Labels: Record<string, string> };
  State: { Status: string; Health?: { Status: string } };
  NetworkSettings: { Networks: Record<string, { IPAddress: string }> };
}

async function containersOf(stack: ReplicaStack, service: string): Promise<string[]> {
  const { project } = STACKS[stack];
  const ids = await docker([
    "ps",
    "-q",
    "--filter",
    `label=com.docker.compose.project=${project}`,
    "--filter",
    `label=com.docker.compose.service=${service}`,
  ]);
  if (!ids) throw new Error(`${stack} replica has no running ${service} container`);
  return ids.split("\n");
}

/**
 * Switches a replica service's behaviour (README.md of each replica lists the modes), in every
 * container of the service; a restart of a container clears it. Only replica-kit services read it.
 */
export async function setMode(stack: ReplicaStack, service: string, mode: string): Promise<void> {
  if (!/^[a-z][a-z0-9-]*$/.test(mode)) throw new Error(`not a mode name: ${JSON.stringify(mode)}`);
  for (const id of await containersOf(stack, service))
    await docker(["exec", id, "sh", "-c", 'printf "%s\\n" "$1" > /tmp/mode', "sh", mode]);
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs argv (never a shell string) in the service's first container; a non-zero exit is a result, not an error. */
export async function execIn(stack: ReplicaStack, service: string, argv: string[]): Promise<ExecResult> {
  const [id] = await containersOf(stack, service);
  try {
    const { stdout, stderr } = await run("docker", ["exec", id, ...argv], {
      env: { ...process.env, DOCKER_HOST: dockerHost() },
      timeout: 120_000,
      maxBuffer: 16 << 20,
    });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { exitCode: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}
