import { execFileSync } from "node:child_process";

/** The docker CLI against the test engine (DOCKER_HOST from scripts/services.sh). */
export function docker(...args: string[]): string {
  return execFileSync("docker", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

export const E2E_NETWORK = "opsdeck-e2e";
export const E2E_LABEL = "opsdeck.test.e2e=1";

export function runComposeLike(service: string, image: string, cmd: string[] = []) {
  docker(
    "run",
    "-d",
    "--name",
    `opsdeck-e2e-${service}`,
    "--network",
    E2E_NETWORK,
    "--label",
    E2E_LABEL,
    "--label",
    "com.docker.compose.project=opsdeck-e2e",
    "--label",
    `com.docker.compose.service=${service}`,
    image,
    ...cmd,
  );
}

export function removeAll() {
  const ids = docker("ps", "-aq", "--filter", `label=${E2E_LABEL}`).split("\n").filter(Boolean);
  if (ids.length) docker("rm", "-f", ...ids);
}
