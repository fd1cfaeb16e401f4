import type { ParamView } from "@/lib/actions/schemas";

/** Form state of an action's parameters, and its translation into a run request. */
export type FormValues = Record<string, string | boolean>;

export function initialValues(params: readonly ParamView[]): FormValues {
  const values: FormValues = {};
  for (const p of params) {
    if (p.type === "boolean") values[p.name] = p.default === true;
    // A single choice (a service with one container) needs no choosing.
    else if (p.type === "enum")
      values[p.name] =
        p.default !== undefined ? String(p.default) : p.values?.length === 1 ? p.values[0] : "";
    else values[p.name] = p.default !== undefined ? String(p.default) : "";
  }
  return values;
}

/**
 * The params of the request. Empty optional fields are left out (the server applies
 * defaults); a number field that does not parse is sent as typed so the server's error names it.
 */
export function requestParams(params: readonly ParamView[], values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of params) {
    const v = values[p.name];
    if (p.type === "boolean") {
      out[p.name] = v === true;
      continue;
    }
    const text = typeof v === "string" ? v : "";
    if (text === "" && (!p.required || p.type !== "string")) continue;
    if (p.type === "integer") {
      const n = Number(text.trim());
      out[p.name] = text.trim() !== "" && Number.isFinite(n) ? n : text;
    } else out[p.name] = text;
  }
  return out;
}

/** "params.replicas: too big; params.container: ..." → a message per field, to show beside it. */
export function fieldErrors(message: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const part of message.split("; ")) {
    const m = /^params\.([a-z][a-z0-9_]*)[^:]*:\s*(.+)$/i.exec(part);
    if (m && !errors[m[1]]) errors[m[1]] = m[2];
  }
  return errors;
}

/** What the action acts on, in words: the chosen container, else the service. */
export function targetLabel(values: FormValues, serviceName: string): string {
  const container = values.container;
  return typeof container === "string" && container ? container : serviceName;
}
