import "server-only";
import { audit } from "@/lib/audit/log";
import type { Actor } from "@/lib/audit/schemas";

const LOGGED_PARAMS = ["container", "since", "until", "tail", "q", "regex", "case", "stream"];

/**
 * Log reads are sensitive (logs hold tokens, emails, stack traces): each one is recorded, with
 * who read which container and with what filter, before a line is sent.
 */
export async function auditLogRead(
  actor: Actor,
  serviceId: string,
  query: URLSearchParams,
  kind: "tail" | "download",
) {
  const params = Object.fromEntries(LOGGED_PARAMS.filter((k) => query.has(k)).map((k) => [k, query.get(k)]));
  await audit({ actor, action: `logs.${kind}`, target: serviceId, params, outcome: "succeeded" });
}
