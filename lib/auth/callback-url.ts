/** Where sign-in may send the browser afterwards when nothing (or nothing safe) was asked for. */
export const DEFAULT_CALLBACK = "/map";

const BASE = "http://opsdeck.invalid";

/**
 * A same-origin path to go to after sign-in, or the default. The value is parsed as a browser
 * would, against the console's own origin, so `//host`, `/\host`, a tab or newline inside, and
 * absolute URLs all resolve elsewhere and are refused. The answer is the parsed path, never the
 * raw input.
 */
export function safeCallbackPath(raw: string | string[] | undefined | null): string {
  if (typeof raw !== "string" || !raw.startsWith("/")) return DEFAULT_CALLBACK;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return DEFAULT_CALLBACK;
  }
  if (url.origin !== BASE) return DEFAULT_CALLBACK;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A login loop helps nobody.
  return path === "/login" || path.startsWith("/login?") ? DEFAULT_CALLBACK : path;
}
