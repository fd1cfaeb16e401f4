/**
 * What an outbox row and the logs may keep of an error or a response: no credentials in URLs,
 * no query strings or paths of URLs (a webhook's token often lives there), none of the secrets
 * the sender names, one line, bounded.
 */

const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)(?:[^\s/@]*@)?([^\s/?#"'<>]+)([^\s"'<>]*)/gi;
const MAX = 500;

export function redactText(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = String(text);
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("[redacted]");
  out = out.replace(URL_IN_TEXT, (_, scheme: string, host: string, rest: string) =>
    rest && rest !== "/" ? `${scheme}${host}/[…]` : `${scheme}${host}${rest}`,
  );
  out = out.replace(/\s+/g, " ").trim();
  return out.length > MAX ? `${out.slice(0, MAX)}…` : out;
}

/** A URL as it may be shown: scheme and host only. */
export function urlOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid URL)";
  }
}
