import { verbRoute } from "@/lib/http/verb";
import { playbookCommandVerb } from "@/lib/playbooks/verbs";

export const dynamic = "force-dynamic";

/**
 * A command on a run, as the run page sends it: `{type: "complete", stepId}`, `{type: "tick",
 * stepId, itemId, checked, value?}`, `{type: "run-step", stepId, params?, confirmation?}`,
 * `{type: "approve", stepId}`, `{type: "pause"}`, ... (lib/playbooks/verbs.ts).
 */
export const POST = verbRoute(playbookCommandVerb, {
  input: (body, params) =>
    body && typeof body === "object" && !Array.isArray(body) ? { ...body, runId: params.id } : body,
});
