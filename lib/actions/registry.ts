import "server-only";
import type { Permission } from "@/lib/auth/permissions";
import type { CatalogService } from "@/lib/catalog/types";
import {
  BUILTIN_ACTION_IDS,
  type BuiltinActionId,
  type ConfirmLevel,
  type DeclaredAction,
  type DeclaredActionKind,
} from "./schemas";
import type { ActionInstance, ActionKind } from "./types";
import {
  containerKill,
  containerRestart,
  containerSetEnv,
  containerStart,
  containerStop,
} from "./kinds/container";
import { serviceRestart, serviceScale, serviceUp } from "./kinds/service";
import { logsSearch } from "./kinds/logs";
import { execCommand } from "./kinds/exec";
import { redisRead, redisWrite } from "./kinds/redis";
import { postgresBackup, postgresQuery, postgresRestore } from "./kinds/postgres";
import { qdrantAction } from "./kinds/qdrant";
import { httpCall } from "./kinds/http";

type AnyKind = ActionKind<never, Record<string, unknown>>;
const asAny = (k: unknown) => k as AnyKind;

const BUILTIN_KINDS: Readonly<Record<BuiltinActionId, AnyKind>> = {
  restart: asAny(containerRestart),
  stop: asAny(containerStop),
  start: asAny(containerStart),
  kill: asAny(containerKill),
  "restart-all": asAny(serviceRestart),
  scale: asAny(serviceScale),
  up: asAny(serviceUp),
  logs: asAny(logsSearch),
};

/** Built-ins every container-backed service gets (when settings.actions.builtins is on), by id. */
export const BUILTIN_ACTIONS: ReadonlyArray<{ id: string; kind: AnyKind }> = BUILTIN_ACTION_IDS.map((id) => ({
  id,
  kind: BUILTIN_KINDS[id],
}));

/** The kind behind each `kind:` a declaration may name. */
export const DECLARED_KINDS: Readonly<Record<DeclaredActionKind, AnyKind>> = {
  exec: asAny(execCommand),
  "redis.read": asAny(redisRead),
  "redis.write": asAny(redisWrite),
  "postgres.query": asAny(postgresQuery),
  "postgres.backup": asAny(postgresBackup),
  "postgres.restore": asAny(postgresRestore),
  qdrant: asAny(qdrantAction),
  http: asAny(httpCall),
  "container.set-env": asAny(containerSetEnv),
  "logs.search": asAny(logsSearch),
};

const PERMISSION_ORDER: Permission[] = [
  "actions.run.safe",
  "actions.run.destructive",
  "actions.run.privileged",
];
const CONFIRM_ORDER: ConfirmLevel[] = ["none", "confirm", "type-name"];

/** A declaration may demand more than its kind's default, never less. */
export function stricterPermission(a: Permission, b?: Permission): Permission {
  if (!b) return a;
  const ia = PERMISSION_ORDER.indexOf(a);
  const ib = PERMISSION_ORDER.indexOf(b);
  // A read permission (logs.read, data.read) is held by the same roles as actions.run.safe, so
  // any declared action permission is at least as strict.
  if (ia < 0) return b;
  return ib > ia ? b : a;
}

export function stricterConfirm(a: ConfirmLevel, b?: ConfirmLevel): ConfirmLevel {
  return b && CONFIRM_ORDER.indexOf(b) > CONFIRM_ORDER.indexOf(a) ? b : a;
}

/** The actions a service offers, built-ins first, declared after (a declared id replaces a built-in). */
export function actionsFor(service: CatalogService, opts: { builtins: boolean }): ActionInstance[] {
  const declared = service.actions.map((decl) => instance(decl.id, DECLARED_KINDS[decl.kind], decl));
  const ids = new Set(declared.map((a) => a.id));
  const builtins =
    opts.builtins && service.kind === "container"
      ? BUILTIN_ACTIONS.filter((b) => !ids.has(b.id) && (b.kind.appliesTo?.(service) ?? true)).map((b) =>
          instance(b.id, b.kind),
        )
      : [];
  return [...builtins, ...declared.filter((a) => a.kind.appliesTo?.(service) ?? true)];
}

function instance(id: string, kind: AnyKind, decl?: DeclaredAction): ActionInstance {
  const policy = decl ? kind.policy?.(decl as never) : undefined;
  const permission = policy?.permission ?? kind.permission;
  const confirm = policy?.confirm ?? kind.confirm;
  return {
    id,
    title: decl?.title ?? kind.title,
    description: decl?.description ?? kind.description,
    kind,
    decl,
    permission: stricterPermission(permission, decl?.permission),
    confirm: stricterConfirm(confirm, decl?.confirm),
    read: policy?.read ?? kind.read,
    timeoutMs: decl?.timeout ?? kind.timeoutMs,
  };
}
