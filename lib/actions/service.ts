import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { AuditWriter } from "@/lib/audit/writer";
import type { Actor, AuditInput } from "@/lib/audit/schemas";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import type { Catalog, CatalogService } from "@/lib/catalog/types";
import {
  isAppError,
  issuesMessage,
  refusalReason,
  Conflict,
  Forbidden,
  NotFound,
  Validation,
  type AppError,
} from "@/lib/errors";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import type { ActionLocks } from "./locks";
import { actionsFor } from "./registry";
import type { RunRegistry } from "./run-state";
import { runRequestSchema, type ActionView, type ParamView, type RunView } from "./schemas";
import type { ActionDeps, ActionInstance, ActionTarget } from "./types";
import { describeParams } from "./params";

export interface ActionServiceOptions {
  /** The monitor's catalog; a web-only replica builds one from config and the engine's containers. */
  catalog: () => Catalog | null | Promise<Catalog | null>;
  deps: () => ActionDeps;
  audit: AuditWriter;
  locks: ActionLocks;
  runs: RunRegistry;
  /** After a run has finished and before `done` settles (files it made become artifacts). */
  onFinished?: (run: RunView) => Promise<void>;
}

/** An "already running" answer carries the run to link to. */
export class AlreadyRunning extends Conflict {
  constructor(
    readonly runId: string,
    by: string,
    at: string,
  ) {
    super(`already running, started by ${by} at ${at}`, "target locked");
  }
}

/**
 * What a run request attempts, for the audit record of a refusal before the request is parsed.
 * The raw parameters are unvalidated input: at most 20 of them, each cut to 200 characters, so
 * a refused request cannot write more than a few kilobytes into the chain.
 */
export function runAttempt(input: unknown): { action: string; target: string; params: unknown } {
  const raw = (input ?? {}) as { serviceId?: unknown; actionId?: unknown; params?: unknown };
  const given = raw.params && typeof raw.params === "object" && !Array.isArray(raw.params) ? raw.params : {};
  const params = Object.fromEntries(
    Object.entries(given as Record<string, unknown>)
      .slice(0, 20)
      .map(([k, v]) => [
        k.slice(0, 64),
        typeof v === "string" ? v.slice(0, 200) : JSON.stringify(v)?.slice(0, 200),
      ]),
  );
  return {
    action: "action.run",
    target: String(raw.serviceId ?? "").slice(0, 200),
    params: { actionId: String(raw.actionId ?? "").slice(0, 100), ...params },
  };
}

export function isAlreadyRunning(error: unknown): error is AlreadyRunning {
  return (
    isAppError(error) && error.code === "conflict" && typeof (error as { runId?: unknown }).runId === "string"
  );
}

export interface StartedRun {
  runId: string;
  /** Settles when the run has finished (for tests and the REST API's ?wait=1). */
  done: Promise<RunView>;
  /** The action only reads: its result is data, shown only to those who may run it. */
  read: boolean;
}

/**
 * Runs actions: permission, parameters, confirmation, lock, durable audit intent, then the
 * work in the background with its output streamed; then the audit outcome. Every step before
 * the work can refuse, and a refusal means nothing reached the target.
 */
export class ActionService {
  /** Runs under way on this process, to cancel one (a schedule replacing its previous run). */
  private readonly controllers = new Map<string, AbortController>();

  constructor(private readonly o: ActionServiceOptions) {}

  /** Stops a run under way on this process; its outcome is audited as failed, saying who stopped it. */
  cancel(runId: string, by: Actor): boolean {
    const controller = this.controllers.get(runId);
    if (!controller) return false;
    controller.abort(new Error(`cancelled by ${by.name}`));
    return true;
  }

  /** The actions of a service as this actor sees them. */
  async list(serviceId: string, role: Role | undefined): Promise<ActionView[]> {
    const { service, catalog } = await this.service(serviceId);
    const enabled = actionsEnabled(catalog, service);
    return this.instances(catalog, service).map((a) => ({
      id: a.id,
      serviceId: service.id,
      kind: a.kind.kind,
      title: a.title,
      description: a.description,
      permission: a.permission,
      confirm: a.confirm,
      allowed: enabled && can(role, a.permission),
      disabledReason: enabled
        ? can(role, a.permission)
          ? undefined
          : `needs ${a.permission}`
        : disabledReason(catalog, service),
      params: describeParams(a.kind.params(this.target(catalog, service), a.decl as never)) as ParamView[],
      read: a.read,
    }));
  }

  /**
   * The permission a run of this action needs, decided from the selector alone (before the
   * parameters are read). An unknown service or action needs the least run permission, so a
   * viewer learns nothing from the refusal and an operator gets a 404.
   */
  async permissionFor(
    serviceId: string,
    actionId: string,
  ): Promise<{ permission: Permission; auditAs?: string; read?: boolean }> {
    const catalog = await this.o.catalog();
    const service = catalog?.services.find((s) => s.id === serviceId);
    const action =
      catalog && service ? this.instances(catalog, service).find((a) => a.id === actionId) : undefined;
    return action
      ? { permission: action.permission, auditAs: action.kind.kind, read: action.read }
      : { permission: "actions.run.safe" };
  }

  /**
   * Starts a run. `record` writes this call's audit events (the verb wrapper passes its own, so
   * it knows what was recorded); by default the service's writer.
   */
  async start(
    actor: Actor,
    input: unknown,
    record: (event: AuditInput) => Promise<unknown> = (event) => this.o.audit.append(event),
  ): Promise<StartedRun> {
    const parsed = runRequestSchema.safeParse(input);
    if (!parsed.success) throw new Validation(issuesMessage(parsed.error.issues, "request"));
    const request = parsed.data;
    const { service, catalog } = await this.service(request.serviceId);
    const action = this.instances(catalog, service).find((a) => a.id === request.actionId);
    if (!action) throw new NotFound(`${service.name} has no action "${request.actionId}"`);
    const target = this.target(catalog, service);
    const attempt = {
      action: action.kind.kind,
      target: service.id,
      params: { actionId: action.id, ...request.params },
    };

    if (!actionsEnabled(catalog, service)) {
      const error = new Forbidden(disabledReason(catalog, service), "actions disabled");
      await this.auditDenied(record, actor, attempt, error);
      throw error;
    }
    if (!can(actor.role as Role | undefined, action.permission)) {
      const error = new Forbidden(
        `${action.title} needs the ${action.permission} permission, which the ${actor.role ?? "anonymous"} role does not have`,
      );
      await this.auditDenied(record, actor, attempt, error);
      throw error;
    }
    const schema = action.kind.params(target, action.decl as never) as z.ZodType<Record<string, unknown>>;
    const params = schema.safeParse(request.params);
    if (!params.success) {
      const error = new Validation(issuesMessage(params.error.issues, "request", "params"));
      await this.auditDenied(record, actor, attempt, error);
      throw error;
    }
    if (action.confirm === "type-name" && request.confirmation?.trim() !== service.name) {
      const error = new Validation(
        `confirmation: type the service name "${service.name}" to run ${action.title}`,
        "confirmation missing or wrong",
      );
      await this.auditDenied(record, actor, attempt, error);
      throw error;
    }

    const describe = action.kind.describeTarget?.(target, params.data, action.decl as never) ?? service.id;
    const key =
      action.kind.concurrencyKey?.(target, params.data, action.decl as never) ?? `${service.id}:${action.id}`;
    const runId = randomUUID();
    const startedAt = new Date().toISOString();
    const lock = await this.o.locks.acquire(
      key,
      { runId, actorName: actor.name, startedAt },
      action.timeoutMs + 30_000,
    );
    if (!lock.ok) {
      const error = new AlreadyRunning(lock.holder.runId, lock.holder.actorName, lock.holder.startedAt);
      await this.auditDenied(record, actor, attempt, error);
      throw error;
    }

    const auditParams = { actionId: action.id, ...params.data };
    try {
      // Fail-closed: nothing runs until the intent is durable (database or fsync'd journal).
      // The target is the service (one indexed value to filter on); the detail goes in the message.
      await record({
        actor,
        action: action.kind.kind,
        target: service.id,
        params: auditParams,
        outcome: "started",
        runId,
        message: describe,
      });
    } catch (error) {
      await lock.handle.release();
      throw error;
    }

    const view: RunView = {
      id: runId,
      serviceId: service.id,
      actionId: action.id,
      kind: action.kind.kind,
      target: describe,
      status: "running",
      actorName: actor.name,
      startedAt,
      params: auditParams,
      output: [],
      outputTruncated: false,
    };
    this.o.runs.create(view);
    const done = this.execute(actor, action, target, params.data, view, describe).finally(() =>
      lock.handle.release(),
    );
    return { runId, done, read: action.read };
  }

  private async execute(
    actor: Actor,
    action: ActionInstance,
    target: ActionTarget,
    params: Record<string, unknown>,
    view: RunView,
    describe: string,
  ): Promise<RunView> {
    const runs = this.o.runs;
    const controller = new AbortController();
    this.controllers.set(view.id, controller);
    const timeout = AbortSignal.timeout(action.timeoutMs);
    const signal = AbortSignal.any([timeout, controller.signal]);
    const started = performance.now();
    let status: "succeeded" | "failed" = "succeeded";
    let result: unknown;
    let error: string | undefined;
    try {
      result = await action.kind.run(
        {
          runId: view.id,
          actor,
          target,
          decl: action.decl as never,
          signal,
          deps: this.o.deps(),
          out: {
            line: (text, stream) => runs.line(view.id, text, stream),
            progress: (d, t) => runs.progress(view.id, d, t),
          },
        },
        params,
      );
    } catch (e) {
      status = "failed";
      error = controller.signal.aborted
        ? String((controller.signal.reason as Error).message)
        : timeout.aborted
          ? `timed out after ${action.timeoutMs} ms`
          : isAppError(e)
            ? e.message
            : shortErrorMessage(e);
      if (!isAppError(e))
        log.warn("action failed", { runId: view.id, kind: action.kind.kind, error: shortErrorMessage(e) });
    }
    // The outcome is never dropped: when the audit log cannot take it, the run says so and the
    // writer keeps retrying until it is durable (the work itself has already happened).
    const outcome = this.o.audit.appendOutcome(
      {
        actor,
        action: action.kind.kind,
        target: view.serviceId ?? undefined,
        params: view.params,
        outcome: status,
        durationMs: Math.round(performance.now() - started),
        runId: view.id,
        message: error ? `${describe}: ${error}` : describe,
      },
      () =>
        runs.line(
          view.id,
          `this ${status === "succeeded" ? "success" : "failure"} is not in the audit log yet: the database and the local journal are both unavailable; Opsdeck keeps it and retries until it is written`,
          "info",
        ),
    );
    // Give the first attempt its chance, so a run whose outcome is delayed finishes saying so.
    await Promise.race([outcome, new Promise((r) => setTimeout(r, 5_000).unref())]);
    this.controllers.delete(view.id);
    const finished = runs.finish(view.id, status, { result, error }) ?? { ...view, status, result, error };
    await this.o
      .onFinished?.(finished)
      .catch((e) => log.warn("after-run step failed", { runId: view.id, error: shortErrorMessage(e) }));
    return finished;
  }

  /** A refusal, with its reason, before anything reached the target. */
  private async auditDenied(
    record: (event: AuditInput) => Promise<unknown>,
    actor: Actor,
    attempt: { action: string; target: string; params: unknown },
    error: AppError,
  ) {
    const message = `${refusalReason(error)}: ${error.message}`;
    await record({ actor, ...attempt, outcome: "denied", message }).catch((e) =>
      log.warn("a refusal could not be audited", { action: attempt.action, error: shortErrorMessage(e) }),
    );
  }

  private async service(serviceId: string): Promise<{ service: CatalogService; catalog: Catalog }> {
    const catalog = await this.o.catalog();
    const service = catalog?.services.find((s) => s.id === serviceId);
    if (!catalog || !service) throw new NotFound(`no service "${serviceId}"`);
    return { service, catalog };
  }

  private instances(catalog: Catalog, service: CatalogService): ActionInstance[] {
    return actionsFor(service, { builtins: catalog.settings.actions.builtins });
  }

  private target(catalog: Catalog, service: CatalogService): ActionTarget {
    return actionTarget(catalog, service);
  }
}

/** What an action of `service` acts on. */
export function actionTarget(catalog: Catalog, service: CatalogService): ActionTarget {
  return {
    service,
    stackName: catalog.stacks.find((s) => s.id === service.stackId)?.name ?? service.stackId,
  };
}

export function actionsEnabled(catalog: Catalog, service: CatalogService): boolean {
  const stack = catalog.stacks.find((s) => s.id === service.stackId);
  return stack?.actionsEnabled ?? catalog.settings.actions.enabled;
}

function disabledReason(catalog: Catalog, service: CatalogService): string {
  const stack = catalog.stacks.find((s) => s.id === service.stackId);
  return stack?.actionsEnabled === false
    ? `actions are disabled for stack ${stack.name} (stacks[].actions.enabled)`
    : "actions are disabled in this deployment (settings.actions.enabled)";
}
