import type { Role } from "./roles";

/**
 * The one permission table. Every route handler and server action asks `can(role, permission)`
 * (through requirePermission); nothing checks a role by name. Safe for the client, so the UI
 * hides what a user cannot do (hiding is a courtesy; the server check is the protection).
 */
export const PERMISSIONS = {
  "services.read": "see the map, services, checks and history",
  "logs.read": "read container logs (audited)",
  "data.read": "read values from data services: query results, Redis values, Qdrant listings (audited)",
  "runs.read": "see action runs and their output",
  "incidents.manage":
    "declare incidents and run them: status, severity, roles, notes, public updates, the timeline",
  "maintenance.manage":
    "create, change, end and cancel maintenance windows (their services show maintenance and open no incident)",
  "schedules.manage":
    "pause and resume schedules, and run one now (running also needs the permission of what the schedule runs)",
  "artifacts.delete": "delete files that actions and schedules made (dumps, snapshots)",
  "playbooks.run":
    "start playbook runs and act on their steps (an action step also needs that action's own permission)",
  "actions.run.safe": "run actions that do not lose data: restart, start, read, back up, snapshot",
  "actions.run.destructive": "run actions that interrupt or change service: stop, kill, scale, recreate",
  "actions.run.privileged": "run actions declared as privileged: restores, data writes",
  "audit.read": "read and export the audit log",
  "audit.verify": "verify the audit hash chain",
  "users.manage": "create, change and disable users; manage API tokens",
  "config.manage": "see and reload the configuration",
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

const VIEWER: readonly Permission[] = ["services.read"];
const OPERATOR: readonly Permission[] = [
  ...VIEWER,
  "logs.read",
  "data.read",
  "runs.read",
  "incidents.manage",
  "maintenance.manage",
  "schedules.manage",
  "playbooks.run",
  "actions.run.safe",
  "actions.run.destructive",
  "audit.read",
];
const ADMIN: readonly Permission[] = PERMISSION_NAMES;

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: new Set(VIEWER),
  operator: new Set(OPERATOR),
  admin: new Set(ADMIN),
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role ? ROLE_PERMISSIONS[role].has(permission) : false;
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === "string" && value in PERMISSIONS;
}
