import { describe, expect, it } from "vitest";
import { declaredParamSchema } from "./schemas";
import { declaredParamsSchema, describeParams, fillTemplate } from "./params";

const params = [
  { name: "task_id", type: "string", pattern: "[a-f0-9-]{8,64}" },
  { name: "lines", type: "integer", min: 1, max: 500, default: 100 },
  { name: "level", type: "enum", values: ["DEBUG", "INFO"] },
].map((p) => declaredParamSchema.parse(p));

describe("declared parameters", () => {
  const schema = declaredParamsSchema(params);

  it("accepts valid values and applies defaults", () => {
    expect(schema.parse({ task_id: "abcdef12", level: "DEBUG" })).toEqual({
      task_id: "abcdef12",
      lines: 100,
      level: "DEBUG",
    });
  });

  it("rejects bad values naming the field, and unknown fields", () => {
    const bad = schema.safeParse({ task_id: "x; rm -rf /", lines: 1000, level: "TRACE", extra: 1 });
    expect(bad.success).toBe(false);
    const fields = bad.error!.issues.map((i) => i.path.join(".") || String((i as { keys?: string[] }).keys));
    expect(fields).toEqual(expect.arrayContaining(["task_id", "lines", "level", "extra"]));
  });

  it("fills templates from parameters only, leaving {{container}} to the URL resolver", () => {
    expect(fillTemplate("GET taskiq:result:{{task_id}}", { task_id: "abc" })).toBe("GET taskiq:result:abc");
    expect(fillTemplate("http://{{container}}:8000", {})).toBe("http://{{container}}:8000");
    expect(() => fillTemplate("{{nope}}", {})).toThrow(/not a declared parameter/);
  });

  it("describes the form fields for the browser", () => {
    expect(describeParams(schema)).toEqual([
      expect.objectContaining({ name: "task_id", type: "string", required: true }),
      expect.objectContaining({
        name: "lines",
        type: "integer",
        min: 1,
        max: 500,
        default: 100,
        required: false,
      }),
      expect.objectContaining({ name: "level", type: "enum", values: ["DEBUG", "INFO"] }),
    ]);
  });
});
