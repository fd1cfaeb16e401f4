import { verbRoute } from "@/lib/http/verb";
import { resumeScheduleVerb } from "@/lib/schedules/verbs";

export const dynamic = "force-dynamic";

/** Resumes a paused schedule from now on. */
export const POST = verbRoute(resumeScheduleVerb, {
  input: (body, params) => ({
    ...(body && typeof body === "object" && !Array.isArray(body) ? body : {}),
    scheduleId: params.id,
  }),
});
