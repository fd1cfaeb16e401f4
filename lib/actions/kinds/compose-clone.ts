import "server-only";
import type { ContainerSpec, ContainerSummary, DockerGateway } from "@/lib/infra/docker";

/**
 * What compose itself would do to a service's containers, done through the gateway: find
 * them by their labels, name and number copies the way compose names them, and change one
 * variable of a container's own environment. Pure where it can be, for unit tests.
 */

export const COMPOSE_LABELS = {
  project: "com.docker.compose.project",
  service: "com.docker.compose.service",
  number: "com.docker.compose.container-number",
  oneoff: "com.docker.compose.oneoff",
} as const;
export const SWARM_SERVICE_LABEL = "com.docker.swarm.service.id";

export interface ComposeService {
  project: string;
  service: string;
}

export interface ComposeMember {
  id: string;
  name: string;
  state: string;
  number: number;
  labels: Record<string, string>;
}

export function composeOf(labels: Record<string, string>): ComposeService | undefined {
  const project = labels[COMPOSE_LABELS.project];
  const service = labels[COMPOSE_LABELS.service];
  return project && service ? { project, service } : undefined;
}

/** The service's containers in every state (one-off `run` containers excluded), by container number. */
export function membersOf(containers: readonly ContainerSummary[], compose: ComposeService): ComposeMember[] {
  return containers
    .filter((c) => {
      const own = composeOf(c.labels);
      return (
        own?.project === compose.project &&
        own.service === compose.service &&
        c.labels[COMPOSE_LABELS.oneoff] !== "True"
      );
    })
    .map((c) => ({
      id: c.id,
      name: c.name,
      state: c.state,
      number: Number.parseInt(c.labels[COMPOSE_LABELS.number] ?? "", 10) || 0,
      labels: c.labels,
    }))
    .sort((a, b) => a.number - b.number || a.name.localeCompare(b.name));
}

export async function composeMembers(
  docker: DockerGateway,
  compose: ComposeService,
): Promise<ComposeMember[]> {
  return membersOf(await docker.listContainers({ all: true }), compose);
}

/** `<project>-<service>-<n>` (compose v2), or `<project>_<service>_<n>` when the existing containers use v1's form. */
export function replicaName(compose: ComposeService, n: number, existing: readonly string[]): string {
  const v1 = `${compose.project}_${compose.service}_`;
  const sep = existing.some((name) => name.startsWith(v1) && /^\d+$/.test(name.slice(v1.length))) ? "_" : "-";
  return [compose.project, compose.service, String(n)].join(sep);
}

/** Sets one variable, keeping every other entry and their order; `previous` is undefined when it was unset. */
export function withEnv(
  env: readonly string[],
  name: string,
  value: string,
): { env: string[]; previous?: string } {
  let previous: string | undefined;
  let found = false;
  const next = env.map((entry) => {
    const eq = entry.indexOf("=");
    if ((eq < 0 ? entry : entry.slice(0, eq)) !== name) return entry;
    found = true;
    previous = eq < 0 ? "" : entry.slice(eq + 1);
    return `${name}=${value}`;
  });
  if (!found) next.push(`${name}=${value}`);
  return { env: next, previous };
}

/**
 * A new replica numbered `n`, copied from a running member's spec: its own name and number,
 * fresh anonymous volumes and addresses, aliases that name it instead of its template.
 */
export function replicaSpec(
  template: ContainerSpec,
  from: { name: string },
  to: { name: string; number: number },
): ContainerSpec {
  return {
    ...template,
    labels: { ...template.labels, [COMPOSE_LABELS.number]: String(to.number) },
    anonymousVolumes: [],
    networks: template.networks.map((n) => ({
      name: n.name,
      aliases: n.aliases.map((a) => (a === from.name ? to.name : a)),
      links: n.links,
    })),
  };
}

export interface ScalePlan {
  /** Members that stay, lowest numbers first; with 0 replicas the first stays, stopped, as the template. */
  keep: ComposeMember[];
  remove: ComposeMember[];
  /** Container numbers to create. */
  create: number[];
}

export function planScale(members: readonly ComposeMember[], replicas: number): ScalePlan {
  const keepCount = Math.max(replicas, 1);
  const keep = members.slice(0, keepCount);
  const remove = members.slice(keepCount).reverse();
  const top = members.reduce((max, m) => Math.max(max, m.number), 0);
  const create = Array.from({ length: Math.max(0, replicas - members.length) }, (_, i) => top + 1 + i);
  return { keep, remove, create };
}

export const isRunning = (state: string) => state === "running" || state === "restarting";
