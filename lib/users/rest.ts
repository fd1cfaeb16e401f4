import "server-only";

/** Answers that may carry a secret or a user list are never cached. */
export function noStore(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}
