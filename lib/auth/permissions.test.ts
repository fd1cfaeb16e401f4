import { describe, expect, it } from "vitest";
import { can, PERMISSION_NAMES, ROLE_PERMISSIONS } from "./permissions";
import { ROLES } from "./roles";

describe("permission table", () => {
  it("gives viewers read access to the map only: no logs, data, runs or actions", () => {
    expect([...ROLE_PERMISSIONS.viewer]).toEqual(["services.read"]);
    for (const p of PERMISSION_NAMES.filter(
      (n) => n.startsWith("actions.") || n === "logs.read" || n === "data.read",
    ))
      expect(can("viewer", p)).toBe(false);
  });

  it("lets operators run safe and destructive actions but not privileged ones or admin work", () => {
    expect(can("operator", "actions.run.safe")).toBe(true);
    expect(can("operator", "actions.run.destructive")).toBe(true);
    expect(can("operator", "actions.run.privileged")).toBe(false);
    expect(can("operator", "users.manage")).toBe(false);
    expect(can("operator", "config.manage")).toBe(false);
  });

  it("is monotonic: each role has everything the role below has", () => {
    for (let i = 1; i < ROLES.length; i++)
      for (const p of ROLE_PERMISSIONS[ROLES[i - 1]]) expect(ROLE_PERMISSIONS[ROLES[i]].has(p)).toBe(true);
    expect(PERMISSION_NAMES.every((p) => can("admin", p))).toBe(true);
  });

  it("denies when there is no role", () => {
    expect(can(undefined, "services.read")).toBe(false);
    expect(can(null, "services.read")).toBe(false);
  });
});
