import { verbRoute } from "@/lib/http/verb";
import { incidentCommandVerb } from "@/lib/incidents/verbs";

export const dynamic = "force-dynamic";

/**
 * A change to an incident: `{type: "status", status}`, `{type: "severity", severity}`,
 * `{type: "role", role, person}`, `{type: "note", text, at?}`, `{type: "public", text}`,
 * `{type: "curate", ref, pinned?, hidden?}` (lib/incidents/verbs.ts).
 */
export const POST = verbRoute(incidentCommandVerb, {
  input: (body, params) =>
    body && typeof body === "object" && !Array.isArray(body) ? { ...body, incidentId: params.id } : body,
});
