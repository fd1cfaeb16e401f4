import { execFile } from "node:child_process";
import { promisify } from "node:util";
import Docker from "dockerode";

/**
 * Docker for the benchmarks: the CLI for setup and clean-up (simple, same DOCKER_HOST as
 * the tests), dockerode for the timed calls so no CLI start-up sits inside a measurement.
 */

const run = promisify(execFile);

/** Every bench object carries both labels: tests' clean-up finds it, and so does ours. */
export const BENCH_LABELS = ["opsdeck.test=1", "opsdeck.bench=1"];

export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run("docker", args, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

export function dockerApi(): Docker {
  const host = process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
  if (host.startsWith("unix://")) return new Docker({ socketPath: host.slice("unix://".length) });
  const url = new URL(host.replace(/^tcp:/, "http:"));
  return new Docker({ host: url.hostname, port: Number(url.port) });
}

export async function buildTestImages(rootDir: string): Promise<void> {
  await run("bash", [`${rootDir}/scripts/test-images.sh`], { encoding: "utf8" });
}

export async function createNetwork(name: string): Promise<void> {
  const exists = await docker("network", "ls", "-q", "--filter", `name=^${name}$`);
  if (!exists) await docker("network", "create", ...BENCH_LABELS.flatMap((l) => ["--label", l]), name);
}

/** Removes bench containers and networks (both labels must match), ignoring what is gone. */
export async function cleanupBench(): Promise<void> {
  const filters = BENCH_LABELS.flatMap((l) => ["--filter", `label=${l}`]);
  const ids = (await docker("ps", "-aq", ...filters).catch(() => "")).split("\n").filter(Boolean);
  if (ids.length) await docker("rm", "-f", ...ids).catch(() => "");
  const nets = (await docker("network", "ls", "-q", ...filters).catch(() => "")).split("\n").filter(Boolean);
  for (const n of nets) await docker("network", "rm", n).catch(() => "");
}
