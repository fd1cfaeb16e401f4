import { describe, expect, it } from "vitest";
import { Validation } from "@/lib/errors";
import { parseInput } from "./guard";
import { createTokenInputSchema, createUserInputSchema, resetPasswordInputSchema } from "./schemas";

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Validation);
    return (error as Error).message;
  }
  throw new Error("expected a Validation error");
}

describe("user and token inputs", () => {
  it("normalises emails and treats blank name and password as absent", () => {
    expect(
      parseInput(createUserInputSchema, {
        email: "  Ana@Example.COM ",
        name: " ",
        role: "operator",
        password: "",
      }),
    ).toEqual({ email: "ana@example.com", name: undefined, role: "operator", password: undefined });
  });

  it("names each bad field", () => {
    expect(
      refusal(() => parseInput(createUserInputSchema, { email: "nope", role: "root", password: "short" })),
    ).toBe(
      "email: expected an email address; role: expected one of viewer, operator, admin; password: expected at least 12 characters",
    );
    expect(
      refusal(() => parseInput(resetPasswordInputSchema, { userId: "", password: "x".repeat(11) })),
    ).toBe("userId: expected the user id; password: expected at least 12 characters");
  });

  it("refuses fields it does not know, so a typo is not silently ignored", () => {
    expect(
      refusal(() =>
        parseInput(createUserInputSchema, { email: "a@b.co", role: "viewer", passwordHash: "x" }),
      ),
    ).toMatch(/passwordHash/);
  });

  it("takes token expiry as whole days from a number or a form string", () => {
    expect(parseInput(createTokenInputSchema, { name: " ci ", role: "viewer", expiresInDays: "30" })).toEqual(
      {
        name: "ci",
        role: "viewer",
        expiresInDays: 30,
      },
    );
    expect(
      parseInput(createTokenInputSchema, { name: "ci", role: "viewer", expiresInDays: "" }).expiresInDays,
    ).toBe(undefined);
    expect(
      refusal(() => parseInput(createTokenInputSchema, { name: "", role: "viewer", expiresInDays: 0.5 })),
    ).toBe("name: expected a name; expiresInDays: expected a whole number of days");
    expect(
      refusal(() => parseInput(createTokenInputSchema, { name: "ci", role: "viewer", expiresInDays: 5000 })),
    ).toBe("expiresInDays: expected at most 3650 days");
  });
});
