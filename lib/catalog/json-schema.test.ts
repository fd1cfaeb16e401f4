import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CONFIG_SCHEMA_PATH, configJsonSchema, configJsonSchemaText } from "./json-schema";

const root = path.resolve(__dirname, "../..");

describe("public/opsdeck.schema.json", () => {
  it("is exactly what `npm run config:schema` generates from the zod model", () => {
    const committed = readFileSync(path.join(root, CONFIG_SCHEMA_PATH), "utf8");
    expect(committed, "run `npm run config:schema` and commit the result").toBe(configJsonSchemaText());
  });

  const validate = new Ajv2020({ strict: false }).compile(configJsonSchema());
  const files = [
    "opsdeck.yml",
    ...readdirSync(path.join(root, "examples"))
      .filter((f) => existsSync(path.join(root, "examples", f, "opsdeck.yml")))
      .map((f) => `examples/${f}/opsdeck.yml`),
  ];

  it.each(files)("accepts %s, so editors do not flag valid configs", (file) => {
    const ok = validate(parse(readFileSync(path.join(root, file), "utf8")));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("rejects an unknown key and an unknown check kind, so editors flag typos", () => {
    expect(validate({ version: 1, servics: [] })).toBe(false);
    expect(validate({ version: 1, services: [{ id: "a", checks: [{ id: "c", kind: "smtp" }] }] })).toBe(
      false,
    );
  });
});
