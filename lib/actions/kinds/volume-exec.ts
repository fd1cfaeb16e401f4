import "server-only";
import { Validation } from "@/lib/errors";
import type { ContainerDetails } from "@/lib/infra/docker";
import type { ContainerRef } from "@/lib/probes/types";
import type { ActionDeps, OutputSink } from "../types";
import { writeLines } from "./support";

/**
 * Working with files in a named volume through a running container that mounts it: find the
 * mount, run argv there (never a shell), read a file's size and checksum.
 */

/** A mount as the gateway reports it (Docker's inspect `Mounts`). */
export type ContainerMount = ContainerDetails["mounts"][number];

/** Where `volume` is mounted (read-write) in the container; refuses clearly otherwise. */
export async function volumeMountPath(
  deps: ActionDeps,
  container: ContainerRef,
  volume: string,
): Promise<string> {
  const details: ContainerDetails = await deps.docker.inspectContainer(container.id);
  const mount = details.mounts.find((m) => m.type === "volume" && m.name === volume);
  if (!mount) {
    const volumes = details.mounts.filter((m) => m.type === "volume").map((m) => m.name);
    throw new Validation(
      `volume ${volume} is not mounted in ${container.name}${volumes.length ? ` (it mounts ${volumes.join(", ")})` : " (it mounts no volumes)"}`,
    );
  }
  if (!mount.rw) throw new Validation(`volume ${volume} is mounted read-only in ${container.name}`);
  return mount.destination.replace(/\/+$/, "") || "/";
}

export interface InContainer {
  deps: ActionDeps;
  container: ContainerRef;
  signal: AbortSignal;
  timeoutMs: number;
  out?: OutputSink;
}

/** Runs argv in the container; its stderr goes to `out` as err lines; a non-zero exit throws. */
export async function execIn(c: InContainer, argv: string[]): Promise<string> {
  const result = await c.deps.docker.execInContainer(c.container.id, argv, {
    timeoutMs: c.timeoutMs,
    signal: c.signal,
  });
  if (c.out) writeLines(c.out, result.stderr, "err");
  if (result.exitCode !== 0) {
    const detail = result.stderr.trim().split("\n").pop() ?? "";
    throw new Error(
      `${argv[0]} in ${c.container.name} exited with code ${result.exitCode}${detail ? `: ${detail}` : ""}`,
    );
  }
  return result.stdout;
}

/** Size and SHA-256 of a file inside the container (stat and sha256sum exist in busybox and Debian). */
export async function fileFacts(c: InContainer, file: string): Promise<{ bytes: number; sha256: string }> {
  const quiet = { ...c, out: undefined };
  const bytes = Number((await execIn(quiet, ["stat", "-c", "%s", file])).trim());
  const sha256 = /^[0-9a-f]{64}/.exec((await execIn(quiet, ["sha256sum", file])).trim())?.[0];
  if (!Number.isFinite(bytes) || !sha256) throw new Error(`could not read the size and checksum of ${file}`);
  return { bytes, sha256 };
}
