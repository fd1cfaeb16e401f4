import { z } from "zod";
import { configSchema } from "./schemas";

export const CONFIG_SCHEMA_PATH = "public/opsdeck.schema.json";

/** The JSON Schema editors use for opsdeck.yml: what a user may write (input), not the parsed output. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: "input", target: "draft-2020-12" }) as Record<
    string,
    unknown
  >;
  return {
    $id: "https://opsdeck.dev/opsdeck.schema.json",
    title: "opsdeck.yml",
    description: "Opsdeck configuration: stacks, services and their health checks.",
    ...schema,
  };
}

/** Stable text so the committed file and a fresh generation compare byte for byte. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
