import { verbRoute } from "@/lib/http/verb";
import { runScheduleNowVerb } from "@/lib/schedules/verbs";

export const dynamic = "force-dynamic";

/** Runs the schedule once now; 409 while a run of it is going. */
export const POST = verbRoute(runScheduleNowVerb, {
  input: (body, params) => ({
    ...(body && typeof body === "object" && !Array.isArray(body) ? body : {}),
    scheduleId: params.id,
  }),
});
