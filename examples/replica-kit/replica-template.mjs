import { createHash, randomUUID } from "node:crypto";

/**
 * `{{name}}` placeholders in a JSON value, so one routes file can echo what a request sent and use
 * the container's environment (API keys). A string that is only a placeholder takes the value's
 * own type (an object stays an object); elsewhere the value is written into the string.
 *   {{body.prompt}} {{query.term}} {{header.x-api-key}} {{env.NAME}} {{task.task_name}}
 *   {{uuid}} {{now}} (epoch seconds) {{iso}} (ISO time) {{sha256:body.prompt}} (hex digest)
 */
const WHOLE = /^\{\{\s*([\w.:-]+)\s*\}\}$/;
const ANY = /\{\{\s*([\w.:-]+)\s*\}\}/g;

export function render(value, scope) {
  if (typeof value === "string") {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(whole[1], scope) ?? null;
    return value.replace(ANY, (_, name) => asText(lookup(name, scope)));
  }
  if (Array.isArray(value)) return value.map((item) => render(item, scope));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, render(item, scope)]));
  return value;
}

function asText(value) {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function lookup(name, scope) {
  if (name === "uuid") return randomUUID();
  if (name === "now") return Math.floor(Date.now() / 1000);
  if (name === "iso") return new Date().toISOString();
  if (name.startsWith("sha256:"))
    return createHash("sha256")
      .update(asText(lookup(name.slice(7), scope)))
      .digest("hex");
  let value = scope;
  for (const key of name.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = value[key];
  }
  return value;
}
