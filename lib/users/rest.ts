import "server-only";
import { Validation } from "@/lib/errors";

/** The JSON object a REST call sent, or a Validation error saying what was expected. */
export async function jsonBody(req: Request, expected: string): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new Validation(`body: expected a JSON object ${expected}`);
  }
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw new Validation(`body: expected a JSON object ${expected}`);
  return body as Record<string, unknown>;
}

/** Answers that may carry a secret or a user list are never cached. */
export function noStore(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}
