import { describe, expect, it } from "vitest";
import { declaredActionSchema } from "../schemas";
import type { ActionTarget } from "../types";
import { describeParams } from "../params";
import { containerSetEnv } from "./container-set-env";

const decl = declaredActionSchema.parse({
  id: "debug",
  kind: "container.set-env",
  variables: { LOG_LEVEL: ["INFO", "DEBUG"], FEATURE_X: ["on", "off"] },
});
if (decl.kind !== "container.set-env") throw new Error("unreachable");
const target = {
  stackName: "shop",
  service: { id: "shop.api", name: "api", containers: [{ id: "abc", name: "shop-api-1", state: "running" }] },
} as unknown as ActionTarget;
const schema = containerSetEnv.params(target, decl);
const issues = (input: unknown) => {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("container.set-env parameters", () => {
  it("accepts a declared variable with one of its own declared values", () => {
    expect(issues({ variable: "LOG_LEVEL", value: "DEBUG", container: "shop-api-1" })).toEqual([]);
    expect(issues({ variable: "FEATURE_X", value: "off" })).toEqual([]);
  });

  it("names the field that is wrong", () => {
    expect(issues({ variable: "LOG_LEVEL", value: "off" })).toEqual([
      'value: LOG_LEVEL may only be set to "INFO", "DEBUG"',
    ]);
    expect(issues({ variable: "LOG_LEVEL", value: "TRACE" })).toEqual([
      'value: expected one of the declared values: "INFO", "DEBUG", "on", "off"',
    ]);
    expect(issues({ variable: "PATH", value: "on" })[0]).toMatch(
      /^variable: expected one of LOG_LEVEL, FEATURE_X/,
    );
    expect(issues({ variable: "LOG_LEVEL", value: "DEBUG", container: "other" })[0]).toMatch(/^container: /);
    expect(issues({ variable: "LOG_LEVEL", value: "DEBUG", image: "evil" })[0]).toMatch(/Unrecognized key/);
  });

  it("offers the declared names and values to the form", () => {
    expect(describeParams(schema)).toEqual([
      expect.objectContaining({
        name: "variable",
        type: "enum",
        required: true,
        values: ["LOG_LEVEL", "FEATURE_X"],
      }),
      expect.objectContaining({
        name: "value",
        type: "enum",
        required: true,
        values: ["INFO", "DEBUG", "on", "off"],
      }),
      expect.objectContaining({ name: "container", type: "enum", required: false, values: ["shop-api-1"] }),
    ]);
  });
});
