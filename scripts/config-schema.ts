// Writes public/opsdeck.schema.json and public/playbook.schema.json from the zod models; the
// json-schema tests fail when either drifts.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { CONFIG_SCHEMA_PATH, configJsonSchemaText } from "../lib/catalog/json-schema";
import { PLAYBOOK_SCHEMA_PATH, playbookJsonSchemaText } from "../lib/playbooks/json-schema";

for (const [file, text] of [
  [CONFIG_SCHEMA_PATH, configJsonSchemaText()],
  [PLAYBOOK_SCHEMA_PATH, playbookJsonSchemaText()],
] as const) {
  const target = path.resolve(__dirname, "..", file);
  writeFileSync(target, text);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
