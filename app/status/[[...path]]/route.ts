import { clientIpOf, statusStore } from "@/lib/status-page/runtime";
import { SECURITY_HEADERS, serveStatusAsync, type StatusResponse } from "@/lib/status-page/serve";
import { readStatusForm } from "@/lib/status-page/subscriptions/form";
import { statusSubscriptionRoutes } from "@/lib/status-page/subscriptions/runtime";

export const dynamic = "force-dynamic";

/**
 * The public status pages: published files from memory, no session, no database (they keep
 * answering when both are down). POST is the password form of a protected page, and the
 * subscription routes (sign-up, confirmation, unsubscribe), the one part that needs the database.
 */
async function handle(req: Request, { params }: { params: Promise<{ path?: string[] }> }) {
  const { store, ready } = statusStore();
  await ready;
  const { path = [] } = await params;
  let body: URLSearchParams | undefined;
  if (req.method === "POST") {
    const read = await readStatusForm(req);
    if (!read)
      return new Response("form too large", {
        status: 413,
        headers: { ...SECURITY_HEADERS, "Content-Type": "text/plain; charset=utf-8" },
      });
    body = read;
  }
  const password = body?.get("password");
  return toResponse(
    await serveStatusAsync(
      store,
      {
        method: req.method,
        path: path.map(encodeURIComponent).join("/"),
        // Next compresses what a route returns: the published gzip copy is for scripts/server.mjs,
        // which answers /status before Next whenever the console runs behind it.
        headers: {
          get: (name: string) => (name.toLowerCase() === "accept-encoding" ? null : req.headers.get(name)),
        },
        form: body ? (typeof password === "string" ? { password: password.slice(0, 1000) } : {}) : undefined,
        body,
        query: new URL(req.url).searchParams,
        clientIp: clientIpOf(req.headers),
      },
      statusSubscriptionRoutes(store),
    ),
  );
}

function toResponse(r: StatusResponse): Response {
  return new Response(r.body === null ? null : typeof r.body === "string" ? r.body : new Uint8Array(r.body), {
    status: r.status,
    headers: r.headers,
  });
}

// POST is the protected page's password form (it changes nothing on the server: the cookie is
// derived from the page's password hash, limited per address and page) and the subscription
// routes: anonymous by design, rate-limited per address and per subscriber address, validated,
// double opt-in, answering alike whether an address is subscribed or not. Neither has an actor.
// eslint-disable-next-line opsdeck/mutations-through-verb -- public, anonymous routes: no session to check
export { handle as GET, handle as HEAD, handle as POST };
