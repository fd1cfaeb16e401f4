import { z } from "zod";
import { playbookSchema } from "./schemas";

export const PLAYBOOK_SCHEMA_PATH = "public/playbook.schema.json";

/** The JSON Schema editors use for playbooks/*.yml: what a user may write (input), not the parsed output. */
export function playbookJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(playbookSchema, { io: "input", target: "draft-2020-12" }) as Record<
    string,
    unknown
  >;
  return {
    $id: "https://opsdeck.dev/playbook.schema.json",
    title: "playbooks/*.yml",
    description: "An Opsdeck playbook: when to use it and its steps.",
    ...schema,
  };
}

/** Stable text so the committed file and a fresh generation compare byte for byte. */
export function playbookJsonSchemaText(): string {
  return `${JSON.stringify(playbookJsonSchema(), null, 2)}\n`;
}
