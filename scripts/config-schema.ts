// Writes public/opsdeck.schema.json from the zod model; json-schema.test.ts fails when it drifts.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { CONFIG_SCHEMA_PATH, configJsonSchemaText } from "../lib/catalog/json-schema";

const target = path.resolve(__dirname, "..", CONFIG_SCHEMA_PATH);
writeFileSync(target, configJsonSchemaText());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
