import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).not.toContain("correct horse battery");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterz", stored)).toBe(false);
  });
  it("salts each hash", async () => {
    expect(await hashPassword("same")).not.toEqual(await hashPassword("same"));
  });
  it("rejects malformed stored values instead of throwing", async () => {
    expect(await verifyPassword("x", "plaintext")).toBe(false);
  });
  it("generates long random passwords", () => {
    const a = generatePassword();
    expect(a.length).toBeGreaterThanOrEqual(24);
    expect(a).not.toEqual(generatePassword());
  });
});
