import { z } from "zod";
import { configSchema } from "./schemas";

export const CONFIG_SCHEMA_PATH = "public/opsdeck.schema.json";

/** A JSON Schema for editors: what a user may write (input), not the parsed output. */
export function editorJsonSchema(
  model: z.ZodType,
  head: { $id: string; title: string; description: string },
): Record<string, unknown> {
  return {
    ...head,
    ...(z.toJSONSchema(model, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>),
  };
}

/** Stable text so the committed file and a fresh generation compare byte for byte. */
export const jsonSchemaText = (schema: Record<string, unknown>) => `${JSON.stringify(schema, null, 2)}\n`;

export const configJsonSchema = () =>
  editorJsonSchema(configSchema, {
    $id: "https://opsdeck.dev/opsdeck.schema.json",
    title: "opsdeck.yml",
    description: "Opsdeck configuration: stacks, services and their health checks.",
  });

export const configJsonSchemaText = () => jsonSchemaText(configJsonSchema());
