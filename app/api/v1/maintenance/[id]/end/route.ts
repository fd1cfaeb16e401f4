import { verbRoute } from "@/lib/http/verb";
import { endWindowVerb } from "@/lib/maintenance/end";

export const dynamic = "force-dynamic";

/** Ends the window's running occurrence now: its services return to their real state at once. */
export const POST = verbRoute(endWindowVerb, { input: (_body, { id }) => ({ windowId: id }) });
