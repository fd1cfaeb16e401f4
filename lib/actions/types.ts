import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/audit/schemas";
import type { Permission } from "@/lib/auth/permissions";
import type { CatalogService } from "@/lib/catalog/types";
import type { DockerGateway } from "@/lib/infra/docker";
import type { ConfirmLevel, DeclaredAction } from "./schemas";

/** What an action acts on: always a service of the catalog (container-backed or external). */
export interface ActionTarget {
  service: CatalogService;
  stackName: string;
}

/** Where a running action writes what it does. Everything written here reaches the browser. */
export interface OutputSink {
  line(text: string, stream?: "out" | "err" | "info"): void;
  /** For steps with a known total: drives a progress bar. */
  progress(done: number, total: number): void;
}

/** What kinds may use besides their declaration: the allow-listed gateways, nothing else. */
export interface ActionDeps {
  docker: DockerGateway;
  /** Folder for files actions produce (backups, downloads), inside the data folder. */
  dataDir: string;
  /** Secrets for ${VAR} in declarations are already resolved in `decl`; never echo them to `out`. */
  env: Readonly<Record<string, string | undefined>>;
}

export interface RunContext<D = DeclaredAction | undefined> {
  runId: string;
  actor: Actor;
  target: ActionTarget;
  /** The declaration with ${VAR} resolved (built-ins: undefined). */
  decl: D;
  out: OutputSink;
  signal: AbortSignal;
  deps: ActionDeps;
}

/**
 * One action kind. A kind is typed end to end: its parameter schema is built from its
 * declaration and target (so a container parameter can only name a container of the service),
 * and `run` only ever sees parsed parameters.
 */
export interface ActionKind<
  D = DeclaredAction | undefined,
  P extends Record<string, unknown> = Record<string, unknown>,
> {
  kind: string;
  /** Default title; a declaration's title wins. */
  title: string;
  description?: string;
  targetKind: "container" | "service" | "stack" | "external";
  permission: Permission;
  confirm: ConfirmLevel;
  /** Reads are audited as sensitive reads; their output is what the user came for. */
  read: boolean;
  timeoutMs: number;
  /** A kind whose declaration decides what it does (e.g. qdrant's operation) may set its defaults per declaration. */
  policy?(decl: D): Partial<Pick<ActionKind, "permission" | "confirm" | "read">>;
  /** Whether the kind applies to this service at all (e.g. scale needs compose labels). */
  appliesTo?(service: CatalogService): boolean;
  params(target: ActionTarget, decl: D): z.ZodType<P>;
  /** One run at a time per key; default `<service>:<action id>`. */
  concurrencyKey?(target: ActionTarget, params: P, decl: D): string;
  /** What the audit log names as the target, e.g. `shop/api (container shop-api-1)`. */
  describeTarget?(target: ActionTarget, params: P, decl: D): string;
  /** Does the work, writing progress to ctx.out; the returned value (JSON) is the run's result. */
  run(ctx: RunContext<D>, params: P): Promise<unknown>;
}

/** An action as offered on one service: a kind plus, for declared actions, its declaration. */
export interface ActionInstance {
  id: string;
  title: string;
  description?: string;
  kind: ActionKind<never, Record<string, unknown>>;
  decl?: DeclaredAction;
  permission: Permission;
  confirm: ConfirmLevel;
  read: boolean;
  timeoutMs: number;
}
