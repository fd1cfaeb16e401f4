import "server-only";
import { Conflict, Validation } from "@/lib/errors";
import type { DockerGateway } from "@/lib/infra/docker";
import { shortErrorMessage } from "@/lib/infra/logger";
import type { OutputSink } from "../types";
import { composeOf, SWARM_SERVICE_LABEL, withEnv } from "./compose-clone";

export interface EnvChange {
  variable: string;
  value: string;
  /** The declared values: the only previous values ever shown (others may be secrets). */
  allowed: readonly string[];
}

export interface Recreated {
  name: string;
  id: string;
  previousId: string;
  changed: boolean;
  startedAt?: Date;
}

/**
 * Recreates a compose container with one variable changed, as `docker compose up` would:
 * stop, park the old one under `<short id>_<name>`, create the copy under the old name, start
 * it, then remove the old one. Any failure undoes what was done and restarts the original.
 */
export async function recreateWithEnv(
  docker: DockerGateway,
  id: string,
  change: EnvChange,
  out: OutputSink,
  signal: AbortSignal,
): Promise<Recreated> {
  const spec = await docker.containerSpec(id);
  const before = await docker.inspectContainer(id);
  const name = before.name;
  if (!composeOf(spec.labels) || spec.labels[SWARM_SERVICE_LABEL])
    throw new Validation(
      `container: ${name} is not managed by docker compose (no com.docker.compose labels); only compose containers can be recreated`,
    );
  const { env, previous } = withEnv(spec.env, change.variable, change.value);
  if (previous === change.value) {
    out.line(`${name}: ${change.variable} is already ${change.value}; left as it is`, "info");
    return { name, id, previousId: id, changed: false, startedAt: before.startedAt };
  }
  const shown =
    previous === undefined ? "(unset)" : change.allowed.includes(previous) ? previous : "(another value)";
  out.line(`${name}: ${change.variable} ${shown} → ${change.value}`, "info");
  signal.throwIfAborted();

  const parked = `${id.slice(0, 12)}_${name}`;
  const done: Progress = { id, name, parked, wasRunning: before.running, renamed: false };
  try {
    out.line(`stopping ${name}`, "info");
    await docker.stopContainer(id, { timeoutS: spec.stopTimeout ?? 10, signal });
    await docker.renameContainer(id, parked);
    done.renamed = true;
    done.created = await docker.createContainer(name, { ...spec, env }, { signal });
    out.line(`created ${name} (${done.created.slice(0, 12)}), starting it`, "info");
    signal.throwIfAborted();
    await docker.startContainer(done.created, { signal });
  } catch (error) {
    const reason = signal.aborted ? "timed out" : shortErrorMessage(error);
    out.line(`recreating ${name} failed: ${reason}; rolling back`, "err");
    const restored = await rollback(docker, done, out);
    throw new Conflict(
      `could not recreate ${name} with ${change.variable}=${change.value} (${reason}); ` +
        (restored
          ? "the original container was restored"
          : `rolling back failed too: the original container may be named ${parked}, see the output`),
    );
  }
  await docker
    .removeContainer(id)
    .catch((error) =>
      out.line(
        `the old container ${parked} could not be removed (${shortErrorMessage(error)}); remove it by hand`,
        "err",
      ),
    );
  const created = done.created as string;
  const after = await docker.inspectContainer(created);
  out.line(
    `${name} recreated and ${after.state}; the next \`docker compose up\` applies the compose file again`,
    "info",
  );
  return { name, id: created, previousId: id, changed: true, startedAt: after.startedAt };
}

interface Progress {
  id: string;
  name: string;
  parked: string;
  wasRunning: boolean;
  renamed: boolean;
  created?: string;
}

/** Undoes the steps in reverse, without the run's signal: the original must come back even after a timeout. */
async function rollback(docker: DockerGateway, s: Progress, out: OutputSink): Promise<boolean> {
  let ok = true;
  const step = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (error) {
      ok = false;
      out.line(`rollback: ${what} failed (${shortErrorMessage(error)})`, "err");
    }
  };
  const created = s.created;
  if (created)
    await step(`removing the new ${s.name}`, () => docker.removeContainer(created, { force: true }));
  if (s.renamed) await step(`renaming ${s.parked} back`, () => docker.renameContainer(s.id, s.name));
  if (s.wasRunning) await step(`starting ${s.name}`, () => docker.startContainer(s.id));
  if (ok)
    out.line(
      `rolled back: ${s.name} is the original container again${s.wasRunning ? " and was started" : ""}`,
      "info",
    );
  return ok;
}
