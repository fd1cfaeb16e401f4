import { describe, expect, it } from "vitest";
import { Conflict, Forbidden } from "@/lib/errors";
import { grantableRoles, lastAdminError, outranksError, roleCeilingError, tokenStatus } from "./rules";

describe("role ceiling", () => {
  it("lets a role hand out itself and anything below, nothing above", () => {
    expect(roleCeilingError("admin", "admin", "token")).toBeNull();
    expect(roleCeilingError("operator", "operator", "token")).toBeNull();
    expect(roleCeilingError("operator", "viewer", "user")).toBeNull();
    const refused = roleCeilingError("operator", "admin", "token");
    expect(refused).toBeInstanceOf(Forbidden);
    expect(refused?.message).toBe(
      "you cannot give an API token the admin role: it is above your own role (operator)",
    );
    expect(roleCeilingError("viewer", "operator", "user")?.message).toMatch(/give a user the operator role/);
  });

  it("refuses everything to an actor without a known role", () => {
    expect(roleCeilingError(undefined, "viewer", "token")).toBeInstanceOf(Forbidden);
    expect(roleCeilingError("root", "viewer", "token")).toBeInstanceOf(Forbidden);
  });

  it("does not let anyone change a user who outranks them", () => {
    expect(outranksError("operator", "admin")?.message).toBe(
      "you cannot change a user whose role (admin) is above your own (operator)",
    );
    expect(outranksError("admin", "admin")).toBeNull();
  });

  it("offers in the page only the roles the actor may grant", () => {
    expect(grantableRoles("admin")).toEqual(["viewer", "operator", "admin"]);
    expect(grantableRoles("operator")).toEqual(["viewer", "operator"]);
    expect(grantableRoles(undefined)).toEqual([]);
  });
});

describe("last enabled admin", () => {
  const admin = { email: "root@example.com", role: "admin" as const, disabled: false };

  it("refuses demoting or disabling yourself when you are the last enabled admin", () => {
    const demote = lastAdminError(admin, { role: "operator" }, 1, true);
    expect(demote).toBeInstanceOf(Conflict);
    expect(demote?.message).toMatch(/^you cannot demote yourself: you are the last enabled admin/);
    expect(lastAdminError(admin, { disabled: true }, 1, true)?.message).toMatch(
      /^you cannot disable yourself/,
    );
  });

  it("names the other user when the target is someone else", () => {
    expect(lastAdminError(admin, { disabled: true }, 1, false)?.message).toMatch(
      /^you cannot disable root@example.com: they are the last enabled admin/,
    );
  });

  it("allows it when another enabled admin remains", () => {
    expect(lastAdminError(admin, { role: "viewer" }, 2, true)).toBeNull();
    expect(lastAdminError(admin, { disabled: true }, 2, true)).toBeNull();
  });

  it("allows changes that keep the admin enabled, and changes to users who are not enabled admins", () => {
    expect(lastAdminError(admin, { role: "admin" }, 1, true)).toBeNull();
    expect(lastAdminError(admin, { disabled: false }, 1, true)).toBeNull();
    expect(lastAdminError({ ...admin, role: "operator" }, { disabled: true }, 1, false)).toBeNull();
    expect(lastAdminError({ ...admin, disabled: true }, { role: "viewer" }, 1, false)).toBeNull();
  });
});

describe("token status", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it("is revoked before expired before active", () => {
    expect(tokenStatus({ revokedAt: new Date(now - 1), expiresAt: new Date(now - 1) }, now)).toBe("revoked");
    expect(tokenStatus({ revokedAt: null, expiresAt: new Date(now) }, now)).toBe("expired");
    expect(tokenStatus({ revokedAt: null, expiresAt: new Date(now + 1) }, now)).toBe("active");
    expect(tokenStatus({ revokedAt: null, expiresAt: null }, now)).toBe("active");
  });
});
