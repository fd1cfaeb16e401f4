import { verbRoute } from "@/lib/http/verb";
import { pauseScheduleVerb } from "@/lib/schedules/verbs";

export const dynamic = "force-dynamic";

/** Pauses the schedule on every console process: `{reason?}`. */
export const POST = verbRoute(pauseScheduleVerb, {
  input: (body, params) => ({
    ...(body && typeof body === "object" && !Array.isArray(body) ? body : {}),
    scheduleId: params.id,
  }),
});
