import { describe, expect, it } from "vitest";
import { redact, REDACTED } from "./redact";

describe("redact", () => {
  it("hides values under secret-looking keys at any depth, keeping the key", () => {
    expect(
      redact({
        container: "api-1",
        password: "p",
        nested: { apiKey: "k", API_TOKEN: "t", list: [{ secret: "s" }] },
      }),
    ).toEqual({
      container: "api-1",
      password: REDACTED,
      nested: { apiKey: REDACTED, API_TOKEN: REDACTED, list: [{ secret: REDACTED }] },
    });
  });

  it("masks passwords inside URLs but keeps the rest readable", () => {
    expect(redact({ url: "postgres://app:s3cret@db:5432/app" })).toEqual({
      url: `postgres://app:${REDACTED}@db:5432/app`,
    });
    expect(redact("redis://:pw@cache:6379/0")).toBe(`redis://:${REDACTED}@cache:6379/0`);
  });

  it("caps long strings and deep nesting instead of storing them whole", () => {
    expect((redact("x".repeat(5000)) as string).length).toBeLessThan(2100);
    let deep: unknown = "leaf";
    for (let i = 0; i < 20; i++) deep = { d: deep };
    expect(JSON.stringify(redact(deep))).toContain("[too deep]");
  });
});
