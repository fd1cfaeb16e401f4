/**
 * Escaping for everything the status page renders. Every string in a snapshot is user-written
 * public text, so nothing reaches HTML, XML or JSON without passing through here.
 */

// XML 1.0 forbids C0 controls (but tab, LF, CR), U+FFFE/U+FFFF and lone surrogates; HTML calls
// C1 controls parse errors too, so one rule serves both.
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Removes the characters neither XML 1.0 nor HTML accepts. */
export function stripForbidden(text: string): string {
  return String(text).replace(FORBIDDEN, "");
}

/** Escapes text for HTML or XML, in element content and in quoted attribute values alike. */
export function esc(text: string | number): string {
  return stripForbidden(String(text)).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** JSON that stays inert even if someone embeds it in HTML (no `<`, `>`, `&`, line separators). */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A brand colour as `#rgb` or `#rrggbb`, lower case; anything else is dropped. */
export function hexColour(value: string | undefined): string | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  return /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/.test(v) ? v : null;
}

/**
 * The logo's address: an http(s) URL, a site path, or a path under the status assets.
 * Anything with another scheme, a protocol-relative `//` or a `..` segment is refused (null).
 */
export function logoHref(value: string | undefined, assetsPath: string): string | null {
  if (!value) return null;
  const v = stripForbidden(value).trim();
  if (/^https?:\/\/[^\s]+$/i.test(v)) return v;
  if (/[\s\\]/.test(v) || v.startsWith("//") || v.split("/").includes("..")) return null;
  if (v.startsWith("/")) return v;
  if (/^[a-z0-9._-]+(?:\/[a-z0-9._-]+)*$/i.test(v)) return `${assetsPath}/${v}`;
  return null;
}

/** A path segment built from a public id (ids are slugs, but are not trusted to be). */
export function segment(id: string): string {
  return encodeURIComponent(stripForbidden(id));
}
