import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { createDockerGateway, type DockerGateway } from "@/lib/infra/docker";

/**
 * Helpers for integration tests against the real engine (DOCKER_HOST from scripts/services.sh).
 * Test fixtures are made with the docker CLI on purpose, independent of the gateway under test.
 * Everything created here carries the label opsdeck.test=1 so `cleanupTestResources` finds it.
 */

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");
export const TEST_LABEL = "opsdeck.test=1";
export const TEST_NETWORK = "opsdeck-test";
export const BUSYBOX_IMAGE = "opsdeck-test/busybox:1";
export const HTTPD_IMAGE = "opsdeck-test/busybox-httpd:1";
export const FIXTURE_PROJECT = "opsdeck-fixture";
export const FIXTURE_COMPOSE_FILE = path.join(ROOT, "test/fixtures/stack/docker-compose.yml");

export function dockerHost(): string {
  const host = process.env.DOCKER_HOST;
  if (!host) throw new Error('DOCKER_HOST is not set: eval "$(bash scripts/services.sh env)"');
  return host;
}

export function testGateway(): DockerGateway {
  return createDockerGateway({ host: dockerHost() });
}

/** Runs the docker CLI against the test engine; resolves with trimmed stdout. */
export async function docker(args: string[], timeoutMs = 60_000): Promise<string> {
  const { stdout } = await run("docker", args, {
    env: { ...process.env, DOCKER_HOST: dockerHost() },
    timeout: timeoutMs,
    maxBuffer: 16 << 20,
  });
  return stdout.trim();
}

let imagesReady: Promise<void> | undefined;
/** Builds the local test images once per process (the script itself skips up-to-date images). */
export function ensureTestImages(): Promise<void> {
  imagesReady ??= run("bash", [path.join(ROOT, "scripts/test-images.sh")], {
    env: { ...process.env, DOCKER_HOST: dockerHost() },
  }).then(() => undefined);
  return imagesReady;
}

let replicaImagesReady: Promise<void> | undefined;
/** Builds the replica stacks' images once per process (the script itself skips up-to-date images). */
export function ensureReplicaImages(): Promise<void> {
  replicaImagesReady ??= run("bash", [path.join(ROOT, "scripts/replica-images.sh")], {
    env: { ...process.env, DOCKER_HOST: dockerHost() },
    timeout: 300_000,
  }).then(() => undefined);
  return replicaImagesReady;
}

const networks = new Map<string, Promise<string>>();

/**
 * The shared test network, made once per process: containers started in parallel must not race
 * to create it (Docker 20.10 then makes two networks of one name, and `--network` fails).
 */
export function ensureTestNetwork(name = TEST_NETWORK): Promise<string> {
  let made = networks.get(name);
  if (!made) {
    made = createNetwork(name);
    networks.set(name, made);
    made.catch(() => networks.delete(name));
  }
  return made;
}

async function createNetwork(name: string): Promise<string> {
  const list = async () =>
    (await docker(["network", "ls", "--filter", `name=^${name}$`, "--format", "{{.ID}}"]))
      .split("\n")
      .filter(Boolean);
  let ids = await list();
  if (ids.length === 0) {
    await docker(["network", "create", "--label", TEST_LABEL, name]);
    ids = await list();
  }
  // Left over from an earlier race: keep one, or every `docker run --network` is ambiguous.
  for (const extra of ids.slice(1)) await docker(["network", "rm", extra]).catch(() => undefined);
  return name;
}

export interface RunOptions {
  image?: string;
  name?: string;
  /** Default: `sleep 300` on the plain image, the image's CMD otherwise. */
  cmd?: string[];
  network?: string;
  labels?: Record<string, string>;
  env?: Record<string, string>;
  tty?: boolean;
  restart?: string;
  /** Overrides the image healthcheck; a short interval keeps tests fast. */
  health?: { cmd: string; interval?: string; retries?: number; timeout?: string };
}

export interface TestContainer {
  id: string;
  name: string;
  ip?: string;
}

export async function runContainer(opts: RunOptions = {}): Promise<TestContainer> {
  await ensureTestImages();
  const network = opts.network ?? (await ensureTestNetwork());
  const name = opts.name ?? `opsdeck-t-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const args = ["run", "-d", "--name", name, "--network", network, "--label", TEST_LABEL];
  for (const [k, v] of Object.entries(opts.labels ?? {})) args.push("--label", `${k}=${v}`);
  for (const [k, v] of Object.entries(opts.env ?? {})) args.push("--env", `${k}=${v}`);
  if (opts.tty) args.push("-t");
  if (opts.restart) args.push("--restart", opts.restart);
  if (opts.health) {
    const h = opts.health;
    args.push(
      "--health-cmd",
      h.cmd,
      "--health-interval",
      h.interval ?? "1s",
      "--health-retries",
      String(h.retries ?? 1),
      "--health-timeout",
      h.timeout ?? "2s",
    );
  }
  // The plain image defaults to sleeping; other images keep their own CMD unless told.
  const image = opts.image ?? BUSYBOX_IMAGE;
  args.push(image, ...(opts.cmd ?? (image === BUSYBOX_IMAGE ? ["sleep", "300"] : [])));
  const id = await docker(args);
  const ip = await docker([
    "inspect",
    "-f",
    `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`,
    id,
  ]).catch(() => "");
  return { id, name, ip: ip || undefined };
}

export async function removeContainer(idOrName: string): Promise<void> {
  await docker(["rm", "-f", idOrName]).catch(() => undefined);
}

/** Polls `probe` until it returns a truthy value; fails with `what` and the last value seen. */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  what: string,
  { timeoutMs = 20_000, intervalMs = 100 } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (last) return last as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}; last: ${String(last)}`);
}

export async function composeUp(project = FIXTURE_PROJECT, file = FIXTURE_COMPOSE_FILE): Promise<void> {
  await ensureTestImages();
  await run("docker-compose", ["-p", project, "-f", file, "up", "-d"], {
    env: { ...process.env, DOCKER_HOST: dockerHost() },
    timeout: 90_000,
  });
}

export async function composeDown(project = FIXTURE_PROJECT, file = FIXTURE_COMPOSE_FILE): Promise<void> {
  await run("docker-compose", ["-p", project, "-f", file, "down", "-t", "1", "--remove-orphans"], {
    env: { ...process.env, DOCKER_HOST: dockerHost() },
    timeout: 60_000,
  }).catch(() => undefined);
}

/** Removes every container and network labelled opsdeck.test=1 (left by this or a crashed run). */
export async function cleanupTestResources(): Promise<void> {
  const ids = await docker(["ps", "-aq", "--filter", `label=${TEST_LABEL}`]);
  if (ids) await docker(["rm", "-f", ...ids.split("\n")]).catch(() => undefined);
  const nets = await docker(["network", "ls", "-q", "--filter", `label=${TEST_LABEL}`]);
  if (nets) await docker(["network", "rm", ...nets.split("\n")]).catch(() => undefined);
  networks.clear();
}
