import type { ContainerInfo } from "dockerode";
import type { ContainerRef } from "@/lib/probes/types";
import type { ComposeFileInfo } from "./compose-file";
import { composeDependsLabel, EdgeSet, envHintHosts } from "./discovery-edges";
import { readOpsdeckLabels, type LabelOverrides } from "./discovery-labels";
import { dockerCheckSchema, type OpsdeckConfig } from "./schemas";
import type { Catalog, CatalogEdge, CatalogService, CatalogStack } from "./types";

/** The fields of dockerode's ContainerInfo that discovery reads (a full ContainerInfo fits). */
export type ContainerSummary = Pick<
  ContainerInfo,
  "Id" | "Names" | "Image" | "State" | "Status" | "Labels"
> & {
  NetworkSettings?: { Networks?: Record<string, { IPAddress?: string }> };
};

export interface DiscoveryInput {
  containers: readonly ContainerSummary[];
  config: OpsdeckConfig;
  /** Container id -> "KEY=value" entries (from inspect), for `*_URL`/`*_HOST` dependency hints. */
  envByContainer?: Record<string, readonly string[]>;
  /** Compose project -> its parsed compose file(s), for depends_on that labels do not carry. */
  composeFiles?: Record<string, ComposeFileInfo>;
}

export interface DiscoveryResult {
  catalog: Catalog;
  warnings: string[];
}

const STANDALONE = "standalone";
const composeLabel = {
  project: "com.docker.compose.project",
  service: "com.docker.compose.service",
  depends: "com.docker.compose.depends_on",
};

interface Group {
  project?: string;
  /** Compose service name, or the container name for standalone containers. */
  name: string;
  members: { container: ContainerSummary; overrides: LabelOverrides }[];
}

/** Merges declared services with the containers of the engine into the catalog the monitor runs. */
export function discoverCatalog(input: DiscoveryInput): DiscoveryResult {
  const { config } = input;
  const warnings: string[] = [];
  const stacks = new Map<string, CatalogStack>(
    config.stacks.map((s) => [
      s.id,
      {
        id: s.id,
        name: s.name ?? s.id,
        composeProject: s.composeProject,
        actionsEnabled: s.actions?.enabled,
      },
    ]),
  );
  const services = new Map<string, CatalogService>();
  const byCompose = new Map<string, string>();
  const stackOf = (project: string): string => {
    const declared =
      config.stacks.find((s) => s.composeProject === project) ??
      config.stacks.find((s) => s.id === project && !s.composeProject);
    if (declared) return declared.id;
    const id = stackId(project);
    if (!stacks.has(id)) stacks.set(id, { id, name: project, composeProject: project });
    return id;
  };

  for (const svc of config.services) {
    const stack = svc.stack ?? (svc.compose ? stackOf(svc.compose.project) : "default");
    if (!stacks.has(stack)) stacks.set(stack, { id: stack, name: stack });
    services.set(svc.id, {
      id: svc.id,
      name: svc.name ?? svc.id,
      stackId: stack,
      kind: svc.compose ? "container" : "external",
      owner: svc.owner,
      tags: [...svc.tags],
      description: svc.description,
      publicComponent: svc.publicComponent,
      compose: svc.compose,
      checks: [...svc.checks],
      actions: [...svc.actions],
      containers: [],
      origin: "config",
    });
    if (svc.compose) byCompose.set(key(svc.compose.project, svc.compose.service), svc.id);
    // A service in a stack bound to a compose project matches the compose service of the same name.
    const project = config.stacks.find((s) => s.id === svc.stack)?.composeProject;
    if (!svc.compose && project && !byCompose.has(key(project, svc.id)))
      byCompose.set(key(project, svc.id), svc.id);
  }

  const groups = groupContainers(input.containers, warnings);
  for (const group of groups.values()) {
    const project = group.project ?? STANDALONE;
    let service = services.get(byCompose.get(key(project, group.name)) ?? "");
    if (!service) {
      if (!config.settings.discoverContainers) continue;
      service = {
        id: `${stackId(project)}.${group.name}`,
        name: group.name,
        stackId: group.project ? stackOf(group.project) : ensureStandalone(stacks),
        kind: "container",
        tags: [],
        checks: [],
        actions: [],
        containers: [],
        origin: "discovered",
        compose: group.project ? { project: group.project, service: group.name } : undefined,
      };
      services.set(service.id, service);
      byCompose.set(key(project, group.name), service.id);
    } else if (service.origin === "config") {
      service.origin = "config+discovered";
      service.kind = "container";
      service.compose ??= group.project ? { project: group.project, service: group.name } : undefined;
    }
    service.containers.push(...group.members.map((m) => containerRef(m.container)));
    applyOverrides(service, group.members[0].overrides);
  }

  for (const service of services.values()) {
    if (service.kind === "container" && !service.checks.some((c) => c.kind === "docker")) {
      service.checks.push(dockerCheckSchema.parse({ id: "container", kind: "docker" }));
    }
  }

  const resolve = (project: string, name: string): string | undefined =>
    byCompose.get(key(project, name)) ?? (services.has(name) ? name : undefined);
  const edges = collectEdges(input, groups, resolve, warnings);

  const serviceList = [...services.values()];
  const used = new Set(serviceList.map((s) => s.stackId));
  const stackList = [...stacks.values()].filter(
    (s) => used.has(s.id) || config.stacks.some((c) => c.id === s.id),
  );
  return {
    catalog: { stacks: stackList, services: serviceList, edges, settings: config.settings },
    warnings,
  };
}

/** Edges from config, `opsdeck.depends_on` labels, compose depends_on (labels and files) and env hints. */
function collectEdges(
  input: DiscoveryInput,
  groups: Map<string, Group>,
  resolve: (project: string, name: string) => string | undefined,
  warnings: string[],
): CatalogEdge[] {
  const edges = new EdgeSet();
  for (const svc of input.config.services) for (const to of svc.dependsOn) edges.add(svc.id, to, "config");
  for (const group of groups.values()) {
    const project = group.project ?? STANDALONE;
    const from = resolve(project, group.name);
    if (!from) continue;
    const first = group.members[0];
    for (const dep of first.overrides.dependsOn) {
      const to = resolve(project, dep);
      if (to) edges.add(from, to, "label");
      else warnings.push(`${from}: label opsdeck.depends_on names unknown service "${dep}"`);
    }
    if (!group.project) continue;
    for (const dep of composeDependsLabel(first.container.Labels?.[composeLabel.depends])) {
      const to = resolve(project, dep);
      if (to) edges.add(from, to, "compose");
    }
    const siblings = new Set(
      [...groups.values()].filter((g) => g.project === group.project).map((g) => g.name),
    );
    for (const member of group.members) {
      for (const host of envHintHosts(input.envByContainer?.[member.container.Id] ?? [])) {
        const to = host !== group.name && siblings.has(host) ? resolve(project, host) : undefined;
        if (to) edges.add(from, to, "env");
      }
    }
  }
  for (const [project, file] of Object.entries(input.composeFiles ?? {})) {
    for (const [name, deps] of Object.entries(file.dependsOn)) {
      const from = resolve(project, name);
      for (const dep of deps) {
        const to = resolve(project, dep);
        if (from && to) edges.add(from, to, "compose");
      }
    }
  }
  return edges.list();
}

function groupContainers(containers: readonly ContainerSummary[], warnings: string[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const container of containers) {
    const labels = container.Labels ?? {};
    const name = containerName(container);
    const overrides = readOpsdeckLabels(labels, `container ${name}`, warnings);
    if (overrides.ignore) continue;
    const project =
      labels[composeLabel.project] && labels[composeLabel.service] ? labels[composeLabel.project] : undefined;
    const groupName = project ? labels[composeLabel.service] : name;
    const k = key(project ?? STANDALONE, groupName);
    const group = groups.get(k) ?? { project, name: groupName, members: [] };
    group.members.push({ container, overrides });
    groups.set(k, group);
  }
  return groups;
}

/** Labels win over config: the stack describes itself where it runs. */
function applyOverrides(service: CatalogService, o: LabelOverrides): void {
  if (o.name) service.name = o.name;
  if (o.owner) service.owner = o.owner;
  if (o.tags) service.tags = o.tags;
  if (o.publicComponent) service.publicComponent = o.publicComponent;
  for (const check of o.checks) {
    const index = service.checks.findIndex((c) => c.id === check.id);
    if (index >= 0) service.checks[index] = check;
    else service.checks.push(check);
  }
}

function containerRef(c: ContainerSummary): ContainerRef {
  const ip = Object.values(c.NetworkSettings?.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress;
  const status = c.Status ?? "";
  const health = /\(healthy\)/.test(status)
    ? "healthy"
    : /\(unhealthy\)/.test(status)
      ? "unhealthy"
      : /health: starting/.test(status)
        ? "starting"
        : "none";
  return { id: c.Id, name: containerName(c), ip: ip || undefined, state: c.State, health };
}

function containerName(c: ContainerSummary): string {
  return (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, "");
}

function ensureStandalone(stacks: Map<string, CatalogStack>): string {
  if (!stacks.has(STANDALONE)) stacks.set(STANDALONE, { id: STANDALONE, name: "Standalone containers" });
  return STANDALONE;
}

/** Compose project names are almost ids already; fold anything else into one. */
function stackId(project: string): string {
  return project.toLowerCase().replace(/[^a-z0-9_.-]/g, "-");
}

function key(project: string, service: string): string {
  return `${project}/${service}`;
}
