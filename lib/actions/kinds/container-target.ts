import "server-only";
import { z } from "zod";
import { Conflict } from "@/lib/errors";
import type { ActionTarget } from "../types";

/** The container parameter: only a container the monitor attributes to the service. */
export function containerParam(target: ActionTarget) {
  const names = target.service.containers.map((c) => c.name);
  return names.length
    ? z.enum(names as [string, ...string[]], {
        error: () => `expected one of the service's containers: ${names.join(", ")}`,
      })
    : z.never({ error: () => "the service has no containers right now" });
}

export function containerId(target: ActionTarget, name: string): string {
  const found = target.service.containers.find((c) => c.name === name);
  if (!found) throw new Conflict(`container ${name} is no longer part of ${target.service.name}`);
  return found.id;
}

/** Lets one container action run at a time on a container, whichever action it is. */
export const containerKey = (target: ActionTarget, p: { container: string }) =>
  `container:${containerId(target, p.container)}`;

/** Service-wide actions (restart all, scale, up) exclude each other on the same service. */
export const serviceKey = (target: ActionTarget) => `service:${target.service.id}`;

/** Resolves once `done()` holds or the deadline passes; never outlives the run's signal. */
export async function pollUntil(
  done: () => Promise<boolean>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline || signal.aborted) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}
