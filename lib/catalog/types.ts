import type { CheckConfig, OpsdeckConfig } from "./schemas";
import type { DeclaredAction } from "@/lib/actions/schemas";
import type { ContainerRef } from "@/lib/probes/types";

/** Where an edge came from, shown to users so they can trust (or fix) the map. */
export type EdgeSource = "config" | "compose" | "label" | "network" | "env";

export interface CatalogEdge {
  /** The dependent service id. */
  from: string;
  /** The service it depends on. */
  to: string;
  source: EdgeSource;
}

export interface CatalogStack {
  id: string;
  name: string;
  composeProject?: string;
  /** Stack-level override of settings.actions.enabled. */
  actionsEnabled?: boolean;
}

export interface CatalogService {
  /** Stable id: from config, or `<project>.<service>` for discovered compose services. */
  id: string;
  name: string;
  stackId: string;
  kind: "container" | "external";
  owner?: string;
  tags: string[];
  description?: string;
  publicComponent?: string;
  compose?: { project: string; service: string };
  checks: CheckConfig[];
  /** Declared actions from config (built-ins are added by lib/actions/registry.ts). */
  actions: DeclaredAction[];
  containers: ContainerRef[];
  /** Where the definition came from. */
  origin: "config" | "discovered" | "config+discovered";
}

/** The merged view of config and discovery the monitor runs against. */
export interface Catalog {
  stacks: CatalogStack[];
  services: CatalogService[];
  edges: CatalogEdge[];
  settings: OpsdeckConfig["settings"];
}
