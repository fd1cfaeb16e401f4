import { createHash, timingSafeEqual } from "node:crypto";
import {
  ASSETS_DIR,
  INDEX_DIR,
  passwordMatches,
  type ManifestPage,
  type SnapshotStore,
  type StoredFile,
} from "./store";

/**
 * Answers a request under /status from the store: no session, no database, nothing but the
 * published files. Used by the console's route handler and by the standalone status process.
 * The subscription routes are the one part that needs the database: serveStatusAsync hands
 * them to what is injected, and answers everything else from the store as serveStatus does.
 */

export interface StatusRequest {
  method: string;
  /** The path after /status, without leading slash ("" for /status itself). */
  path: string;
  headers: { get(name: string): string | null };
  /** Form fields of a POST (the password form). */
  form?: Record<string, string>;
  /** Every field of a POST's form, repeated ones included (the subscribe form). */
  body?: URLSearchParams;
  /** The query string (the links' tokens). */
  query?: URLSearchParams;
  clientIp?: string;
}

export interface StatusResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string | null;
}

export const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "Cross-Origin-Opener-Policy": "same-origin",
};

const FILES: Record<string, string> = {
  "": "index.html",
  "api/status.json": "status.json",
  "status.json": "status.json",
  "api/summary.json": "summary.json",
  "summary.json": "summary.json",
  "feed.atom": "feed.atom",
  "feed.rss": "feed.rss",
  "feed.json": "feed.json",
  "badge.svg": "badge.svg",
};
/** What other sites may read (widgets, feed readers, badges). */
const SHAREABLE = /\.(json|atom|rss|svg)$/;

export function serveStatus(
  store: SnapshotStore,
  req: StatusRequest,
  limiter = loginLimiter,
): StatusResponse {
  const manifest = store.manifest();
  if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "POST")
    return text(405, "method not allowed", { Allow: "GET, HEAD, POST" });
  const parts = req.path.split("/").filter(Boolean);
  if (parts[0] === ASSETS_DIR) return file(req, store.get(parts.join("/")), "public, max-age=300", true);
  if (!manifest || manifest.pages.length === 0) return text(404, "No status page is published here yet.");
  if (parts.length === 1 && (parts[0] === "pages" || parts[0] === "pages.json")) {
    const index = store.get(`${INDEX_DIR}/${parts[0] === "pages" ? "index.html" : "pages.json"}`);
    return file(req, index, "public, max-age=10, stale-while-revalidate=60", parts[0] === "pages.json");
  }
  if (parts.length === 0) {
    const page = manifest.pages.find((p) => p.isDefault) ?? manifest.pages[0];
    return {
      status: 307,
      headers: { Location: `/status/${page.id}`, "Cache-Control": "no-store" },
      body: null,
    };
  }
  const page = manifest.pages.find((p) => p.id === parts[0]);
  if (!page) return text(404, "There is no status page here.");
  const rest = parts.slice(1).join("/");
  if (page.password) {
    if (rest === "login") return login(req, page.id, page.password, limiter);
    if (!authorized(req, page.id, page.password)) return passwordForm(page.id, page.title, 401);
  }
  if (req.method === "POST") return text(405, "method not allowed", { Allow: "GET, HEAD" });
  let relative: string | undefined = FILES[rest];
  if (!relative && parts[1] === "components" && parts.length === 3) relative = `components/${parts[2]}.html`;
  if (!relative && parts[1] === "components" && parts.length === 4 && parts[3] === "badge.svg")
    relative = `components/${parts[2]}/badge.svg`;
  if (!relative) return text(404, "Not found.");
  const cache = page.password ? "private, no-store" : "public, max-age=10, stale-while-revalidate=60";
  return file(req, store.get(`${page.id}/${relative}`), cache, !page.password && SHAREABLE.test(relative));
}

/** The routes of subscriptions (lib/status-page/subscriptions/routes.ts): they need the database. */
export interface SubscriptionRoutes {
  /** POST /status/<page>/subscribe */
  subscribe(page: ManifestPage, req: StatusRequest): Promise<StatusResponse>;
  /** GET (a page with a Confirm button) and POST (confirms) /status/<page>/subscribe/confirm */
  confirm(page: ManifestPage, req: StatusRequest): Promise<StatusResponse>;
  /** GET (a page with a button) and POST (unsubscribes; RFC 8058 one-click) /status/<page>/unsubscribe */
  unsubscribe(page: ManifestPage, req: StatusRequest): Promise<StatusResponse>;
}

const SUBSCRIPTION_PATHS = new Map<string, keyof SubscriptionRoutes>([
  ["subscribe", "subscribe"],
  ["subscribe/confirm", "confirm"],
  ["unsubscribe", "unsubscribe"],
]);

/** Whether a path (after /status/) is one of the subscription routes, the only ones that wait. */
export function isSubscriptionPath(path: string): boolean {
  return SUBSCRIPTION_PATHS.has(path.split("/").filter(Boolean).slice(1).join("/"));
}

/**
 * serveStatus, plus the subscription routes. `subscriptions` null (the status-only process, which
 * has no database) answers them 503; so does a failure in them, while every file keeps being
 * served from memory.
 */
export async function serveStatusAsync(
  store: SnapshotStore,
  req: StatusRequest,
  subscriptions: SubscriptionRoutes | null,
  limiter = loginLimiter,
): Promise<StatusResponse> {
  const parts = req.path.split("/").filter(Boolean);
  const route = SUBSCRIPTION_PATHS.get(parts.slice(1).join("/"));
  const page = route ? store.manifest()?.pages.find((p) => p.id === parts[0]) : undefined;
  if (!route || !page) return serveStatus(store, req, limiter);
  if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "POST")
    return text(405, "method not allowed", { Allow: "GET, HEAD, POST" });
  // A link from a mail works without the page's password (its token is the proof); a sign-up does not.
  if (route === "subscribe" && page.password && !authorized(req, page.id, page.password))
    return passwordForm(page.id, page.title, 401);
  let r: StatusResponse;
  if (!subscriptions)
    r = text(503, "Subscriptions are not handled by this server; the status page itself is up to date.");
  else
    try {
      r = await subscriptions[route](page, req);
    } catch {
      r = text(
        503,
        "Subscriptions are unavailable right now; the status page itself is up to date. Try again in a few minutes.",
      );
    }
  return {
    status: r.status,
    headers: { ...r.headers, ...SECURITY_HEADERS, "Cache-Control": "no-store" },
    body: req.method === "HEAD" ? null : r.body,
  };
}

function file(
  req: StatusRequest,
  f: StoredFile | undefined,
  cacheControl: string,
  shareable: boolean,
): StatusResponse {
  if (!f) return text(404, "Not found.");
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    "Content-Type": f.type,
    ETag: f.etag,
    "Cache-Control": cacheControl,
    Vary: "Accept-Encoding",
  };
  if (shareable) headers["Access-Control-Allow-Origin"] = "*";
  const match = req.headers.get("if-none-match");
  if (match && match.split(",").some((t) => t.trim().replace(/^W\//, "") === f.etag))
    return { status: 304, headers, body: null };
  const gzip = /\bgzip\b/.test(req.headers.get("accept-encoding") ?? "");
  if (gzip) headers["Content-Encoding"] = "gzip";
  const body = gzip ? f.gzip : f.body;
  headers["Content-Length"] = String(body.length);
  return { status: 200, headers, body: req.method === "HEAD" ? null : body };
}

function text(status: number, message: string, extra: Record<string, string> = {}): StatusResponse {
  return {
    status,
    headers: {
      ...SECURITY_HEADERS,
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "no-store",
      ...extra,
    },
    body: message,
  };
}

/** The cookie proves the password without holding it: derived from the stored hash, so a new password ends every session. */
function cookieValue(pageId: string, stored: string): string {
  return createHash("sha256").update(`opsdeck-status\u0000${pageId}\u0000${stored}`).digest("base64url");
}

const cookieName = (pageId: string) => `opsdeck_status_${pageId.replace(/-/g, "_")}`;

function authorized(req: StatusRequest, pageId: string, stored: string): boolean {
  const bearer = /^Bearer (.+)$/.exec(req.headers.get("authorization") ?? "")?.[1];
  if (bearer && passwordMatches(stored, bearer)) return true;
  const cookies = req.headers.get("cookie") ?? "";
  const found = cookies
    .split(";")
    .map((c) => c.trim().split("="))
    .find(([name]) => name === cookieName(pageId))?.[1];
  if (!found) return false;
  const a = Buffer.from(found);
  const b = Buffer.from(cookieValue(pageId, stored));
  return a.length === b.length && timingSafeEqual(a, b);
}

function login(req: StatusRequest, pageId: string, stored: string, limiter: LoginLimiter): StatusResponse {
  if (req.method !== "POST") return passwordForm(pageId, "", 401);
  if (!limiter.allow(`${req.clientIp ?? "?"}:${pageId}`))
    return text(429, "Too many attempts. Wait a minute and try again.", { "Retry-After": "60" });
  if (!passwordMatches(stored, req.form?.password ?? "")) return passwordForm(pageId, "", 401, true);
  return {
    status: 303,
    headers: {
      Location: `/status/${pageId}`,
      "Cache-Control": "no-store",
      "Set-Cookie": `${cookieName(pageId)}=${cookieValue(pageId, stored)}; Path=/status/${pageId}; HttpOnly; SameSite=Lax${req.headers.get("x-forwarded-proto") === "https" ? "; Secure" : ""}`,
    },
    body: null,
  };
}

function passwordForm(pageId: string, title: string, status: number, wrong = false): StatusResponse {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title || "Status")}: password needed</title><link rel="stylesheet" href="/status/${ASSETS_DIR}/status.css"></head><body><main class="container"><h1>This status page is protected</h1>${wrong ? '<p role="alert" class="error">That password is not right.</p>' : ""}<form method="post" action="/status/${esc(pageId)}/login"><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required> <button type="submit">View status</button></form></main></body></html>`;
  return {
    status,
    headers: { ...SECURITY_HEADERS, "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
    body,
  };
}

/** At most `limit` password attempts per key a minute (a key is the address and the page). */
export class LoginLimiter {
  private hits = new Map<string, number[]>();
  constructor(private readonly limit = 10) {}
  allow(key: string, now = Date.now()): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - 60_000);
    if (this.hits.size > 10_000) this.hits.clear();
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return false;
    }
    this.hits.set(key, [...recent, now]);
    return true;
  }
}

const loginLimiter = new LoginLimiter();
