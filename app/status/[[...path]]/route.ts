import { clientIpOf, statusStore } from "@/lib/status-page/runtime";
import { serveStatus, type StatusResponse } from "@/lib/status-page/serve";

export const dynamic = "force-dynamic";

/**
 * The public status pages: published files from memory, no session, no database (they keep
 * answering when both are down). POST is the password form of a protected page.
 */
async function handle(req: Request, { params }: { params: Promise<{ path?: string[] }> }) {
  const { store, ready } = statusStore();
  await ready;
  const { path = [] } = await params;
  let form: Record<string, string> | undefined;
  if (req.method === "POST") {
    const data = await req.formData().catch(() => null);
    const password = data?.get("password");
    form = typeof password === "string" ? { password: password.slice(0, 1000) } : {};
  }
  return toResponse(
    serveStatus(store, {
      method: req.method,
      path: path.map(encodeURIComponent).join("/"),
      // Next compresses what a route returns: the published gzip copy is for scripts/server.mjs,
      // which answers /status before Next whenever the console runs behind it.
      headers: {
        get: (name: string) => (name.toLowerCase() === "accept-encoding" ? null : req.headers.get(name)),
      },
      form,
      clientIp: clientIpOf(req.headers),
    }),
  );
}

function toResponse(r: StatusResponse): Response {
  return new Response(r.body === null ? null : typeof r.body === "string" ? r.body : new Uint8Array(r.body), {
    status: r.status,
    headers: r.headers,
  });
}

// POST is only the protected page's password form: it changes nothing on the server (the cookie is
// derived from the page's password hash), is limited per address and page, and has no actor.
// eslint-disable-next-line opsdeck/mutations-through-verb -- viewing a protected page is not a verb
export { handle as GET, handle as HEAD, handle as POST };
