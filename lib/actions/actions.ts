"use server";

import { verbAction } from "@/lib/http/verb";
import { runActionVerb } from "./run";

/** Starts an action from the console; answers with the run to follow (its output streams). */
export const runActionAction = verbAction(runActionVerb, (started) => ({ runId: started.runId }));
