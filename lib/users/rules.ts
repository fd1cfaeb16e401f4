import { ROLES, isRole, roleAtLeast, type Role } from "@/lib/auth/roles";
import { Conflict, Forbidden } from "@/lib/errors";
import type { TokenStatus } from "./schemas";

/**
 * The rules of user and token management that need no database: nobody grants more than they
 * hold, and Opsdeck never ends up without an enabled admin. Pure, so unit tests cover them.
 */

/** Refusal when `actorRole` may not hand out `role` (to a user or an API token). */
export function roleCeilingError(
  actorRole: string | undefined,
  role: Role,
  what: "user" | "token",
): Forbidden | null {
  if (isRole(actorRole) && roleAtLeast(actorRole, role)) return null;
  const given = what === "token" ? "an API token" : "a user";
  return new Forbidden(
    `you cannot give ${given} the ${role} role: it is above your own role (${actorRole ?? "none"})`,
  );
}

/** Refusal when the target user outranks the actor: changing them would be a way to become them. */
export function outranksError(actorRole: string | undefined, targetRole: Role): Forbidden | null {
  if (isRole(actorRole) && roleAtLeast(actorRole, targetRole)) return null;
  return new Forbidden(
    `you cannot change a user whose role (${targetRole}) is above your own (${actorRole ?? "none"})`,
  );
}

export interface AdminState {
  email: string;
  role: Role;
  disabled: boolean;
}

/**
 * Refusal when a change to `target` would leave no enabled admin. `enabledAdmins` counts the
 * enabled admins before the change (read under the users lock, so two admins cannot demote each
 * other at once).
 */
export function lastAdminError(
  target: AdminState,
  change: { role?: Role; disabled?: boolean },
  enabledAdmins: number,
  actorIsTarget: boolean,
): Conflict | null {
  const wasEnabledAdmin = target.role === "admin" && !target.disabled;
  const staysEnabledAdmin = (change.role ?? target.role) === "admin" && !(change.disabled ?? target.disabled);
  if (!wasEnabledAdmin || staysEnabledAdmin || enabledAdmins > 1) return null;
  const verb = change.disabled ? "disable" : "demote";
  const who = actorIsTarget ? "yourself: you are" : `${target.email}: they are`;
  return new Conflict(
    `you cannot ${verb} ${who} the last enabled admin. Make another user admin first, or nobody could manage users`,
  );
}

export function tokenStatus(
  token: { revokedAt: Date | null; expiresAt: Date | null },
  now: number = Date.now(),
): TokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt.getTime() <= now) return "expired";
  return "active";
}

/** Roles the actor may hand out, for the role selects of the page. */
export function grantableRoles(actorRole: string | undefined): Role[] {
  return isRole(actorRole) ? ROLES.filter((r) => roleAtLeast(actorRole, r)) : [];
}
