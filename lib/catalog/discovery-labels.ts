import { checkSchema, type CheckConfig } from "./schemas";

/** What `opsdeck.*` labels on a container add to (or override in) its service. */
export interface LabelOverrides {
  ignore: boolean;
  name?: string;
  owner?: string;
  tags?: string[];
  publicComponent?: string;
  dependsOn: string[];
  checks: CheckConfig[];
}

const CHECK_LABEL = /^opsdeck\.check\.([^.]+)\.(.+)$/;
const INTEGER_FIELDS = new Set(["port", "failuresBeforeDown", "maxRestarts"]);
const DURATION_FIELDS = new Set(["interval", "timeout", "restartWindow"]);

export function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Reads `opsdeck.*` labels. Checks (`opsdeck.check.<id>.<field>`) are validated with the same
 * schema as opsdeck.yml; an invalid one becomes a warning, never a crash: labels are hostile input.
 */
export function readOpsdeckLabels(
  labels: Readonly<Record<string, string>>,
  where: string,
  warnings: string[],
): LabelOverrides {
  const out: LabelOverrides = {
    ignore: labels["opsdeck.ignore"]?.trim().toLowerCase() === "true",
    dependsOn: [],
    checks: [],
  };
  if (labels["opsdeck.name"]) out.name = labels["opsdeck.name"];
  if (labels["opsdeck.owner"]) out.owner = labels["opsdeck.owner"];
  if (labels["opsdeck.tags"] !== undefined) out.tags = splitList(labels["opsdeck.tags"]);
  if (labels["opsdeck.public"]) out.publicComponent = labels["opsdeck.public"];
  out.dependsOn = splitList(labels["opsdeck.depends_on"]);

  const raw = new Map<string, Record<string, unknown>>();
  for (const [key, value] of Object.entries(labels)) {
    const match = CHECK_LABEL.exec(key);
    if (!match) continue;
    const check = raw.get(match[1]) ?? { id: match[1] };
    raw.set(match[1], check);
    setField(check, match[2].split("."), value);
  }
  for (const [id, check] of raw) {
    const parsed = checkSchema.safeParse(coerce(check));
    if (parsed.success) out.checks.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      const field = issue.path.length > 0 ? `.${issue.path.join(".")}` : "";
      warnings.push(`${where}: label opsdeck.check.${id}${field}: ${issue.message}; check ignored`);
    }
  }
  return out;
}

/** `expect` and `expect.<n>` collect into a list; `metric.warn`, `headers.<name>` nest. */
function setField(target: Record<string, unknown>, segments: string[], value: string): void {
  const [head, ...rest] = segments;
  if (head === "expect") {
    const list = (Array.isArray(target.expect) ? target.expect : []) as string[];
    const index = rest.length > 0 && /^\d+$/.test(rest[0]) ? Number(rest[0]) : list.length;
    list[index] = value;
    target.expect = list;
  } else if (rest.length === 0) {
    target[head] = value;
  } else {
    const child =
      typeof target[head] === "object" && target[head] !== null
        ? (target[head] as Record<string, unknown>)
        : {};
    target[head] = child;
    // Header names may contain dots: keep everything after `headers.` as one key.
    if (head === "headers") child[rest.join(".")] = value;
    else setField(child, rest, value);
  }
}

/** Label values are all strings; convert the fields the schema wants as numbers, booleans or lists. */
function coerce(check: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...check };
  for (const [key, value] of Object.entries(out)) {
    if (typeof value !== "string") continue;
    if (INTEGER_FIELDS.has(key) && /^\d+$/.test(value)) out[key] = Number(value);
    if (DURATION_FIELDS.has(key) && /^\d+(\.\d+)?$/.test(value)) out[key] = Number(value);
    if (key === "followRedirects" && (value === "true" || value === "false")) out[key] = value === "true";
  }
  if (Array.isArray(out.expect)) out.expect = out.expect.filter((e) => typeof e === "string");
  if (out.kind === "exec" && typeof out.command === "string") out.command = execArgv(out.command);
  return out;
}

/** `["pg_isready","-U","x"]` (JSON) or a whitespace-separated argv; never run through a shell. */
function execArgv(text: string): unknown {
  if (text.trim().startsWith("[")) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text.trim().split(/\s+/);
}
