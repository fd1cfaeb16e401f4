import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv, { type ValidateFunction } from "ajv";

/**
 * Checks JSON response bodies against the pinned Qdrant OpenAPI 3.0 spec with ajv.
 * OAS 3.0 is not JSON Schema: `nullable` and `#/components/schemas` refs are rewritten first.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The spec is shared between worktrees and never copied into the repo. */
export const QDRANT_SPEC_PATH = path.resolve(repoRoot, "..", "shared", "contracts", "qdrant-openapi.json");

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface OpenApiOperation {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: JsonObject }> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonObject> };
}

export type ValidationOutcome = { valid: true } | { valid: false; errors: string };

export interface ResponseValidator {
  /** Validates `body` against the JSON schema the spec gives `operationId` for `status` (exact, then NXX, then default). */
  validate(operationId: string, status: number, body: unknown): ValidationOutcome;
}

const DEFS_ID = "https://opsdeck.test/qdrant-openapi.json";
const COMPONENT_REF = "#/components/schemas/";
const COMBINATORS = ["$ref", "anyOf", "oneOf", "allOf"];

/** Rewrites one OAS 3.0 schema (recursively) into JSON Schema that ajv understands. */
export function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable") continue;
    if (key === "$ref" && typeof value === "string" && value.startsWith(COMPONENT_REF)) {
      out.$ref = `${DEFS_ID}#/$defs/${value.slice(COMPONENT_REF.length)}`;
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (node.nullable !== true) return out;
  if (typeof out.type === "string") {
    out.type = [out.type, "null"];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  // Qdrant writes "X or null" as anyOf [X, {nullable: true}]: a bare nullable means null here.
  if (!COMBINATORS.some((k) => k in out)) return { ...out, type: "null" };
  return { anyOf: [out, { type: "null" }] };
}

/**
 * Reads the pinned spec. A checkout without it fails these tests with a message saying where the
 * spec was looked for; it never skips them (a stand-in checked against nothing proves nothing).
 */
export function loadQdrantSpec(): { spec: OpenApiDocument } {
  if (!existsSync(QDRANT_SPEC_PATH))
    throw new Error(
      `the pinned Qdrant spec is not at ${QDRANT_SPEC_PATH}: clone the project beside ../shared (see shared/contracts/README.md)`,
    );
  return { spec: JSON.parse(readFileSync(QDRANT_SPEC_PATH, "utf8")) as OpenApiDocument };
}

const uint = { type: "number", validate: (n: number) => Number.isInteger(n) && n >= 0 } as const;
const int = { type: "number", validate: (n: number) => Number.isInteger(n) } as const;
const anyNumber = { type: "number", validate: (n: number) => Number.isFinite(n) } as const;

function newAjv(): Ajv {
  // strict: false lets OAS-only keywords (example, deprecated) pass; formats are the spec's Rust-derived ones.
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const name of ["uint", "uint8", "uint16", "uint32", "uint64"]) ajv.addFormat(name, uint);
  for (const name of ["int", "int32", "int64"]) ajv.addFormat(name, int);
  for (const name of ["float", "double"]) ajv.addFormat(name, anyNumber);
  ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
  ajv.addFormat("partial-date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/);
  ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat("uri", /^[a-z][a-z0-9+.-]*:\S*$/i);
  return ajv;
}

export function createResponseValidator(spec: OpenApiDocument): ResponseValidator {
  const ajv = newAjv();
  const defs: JsonObject = {};
  for (const [name, schema] of Object.entries(spec.components.schemas)) defs[name] = toJsonSchema(schema);
  ajv.addSchema({ $id: DEFS_ID, $defs: defs });

  const operations = new Map<string, OpenApiOperation>();
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) if (op?.operationId) operations.set(op.operationId, op);
  }
  const compiled = new Map<string, ValidateFunction>();

  return {
    validate(operationId, status, body) {
      const op = operations.get(operationId);
      if (!op) throw new Error(`operation ${operationId} is not in the spec`);
      const responses = op.responses ?? {};
      const key = [String(status), `${String(status)[0]}XX`, "default"].find((k) => k in responses);
      const schema = key ? responses[key].content?.["application/json"]?.schema : undefined;
      if (!key || !schema)
        throw new Error(`spec has no application/json response for ${operationId} ${status}`);
      const cacheKey = `${operationId} ${key}`;
      let validate = compiled.get(cacheKey);
      if (!validate) {
        validate = ajv.compile(toJsonSchema(schema) as JsonObject);
        compiled.set(cacheKey, validate);
      }
      if (validate(body)) return { valid: true };
      return { valid: false, errors: ajv.errorsText(validate.errors, { separator: "; " }) };
    },
  };
}
