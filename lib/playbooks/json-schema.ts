import { editorJsonSchema, jsonSchemaText } from "@/lib/catalog/json-schema";
import { playbookSchema } from "./schemas";

export const PLAYBOOK_SCHEMA_PATH = "public/playbook.schema.json";

/** The JSON Schema editors use for playbooks/*.yml. */
export const playbookJsonSchema = () =>
  editorJsonSchema(playbookSchema, {
    $id: "https://opsdeck.dev/playbook.schema.json",
    title: "playbooks/*.yml",
    description: "An Opsdeck playbook: when to use it and its steps.",
  });

export const playbookJsonSchemaText = () => jsonSchemaText(playbookJsonSchema());
