"use server";

import { verbAction } from "@/lib/http/verb";
import { pauseScheduleVerb, resumeScheduleVerb, runScheduleNowVerb } from "./verbs";

/** Pauses a schedule on every console process (with an optional reason). */
export const pauseScheduleAction = verbAction(pauseScheduleVerb);

/** Resumes a paused schedule from now on. */
export const resumeScheduleAction = verbAction(resumeScheduleVerb);

/** Runs a schedule once now, under its overlap rule; refused while a run of it is going. */
export const runScheduleNowAction = verbAction(runScheduleNowVerb);
