"use server";

import { verbAction } from "@/lib/http/verb";
import { cancelWindowVerb } from "./cancel";
import { createWindowVerb } from "./create";
import { endWindowVerb } from "./end";

/** Creates a maintenance window; answers with its id. */
export const createWindowAction = verbAction(createWindowVerb);

/** Ends a window's running occurrence now. */
export const endWindowAction = verbAction(endWindowVerb);

/** Cancels a window that has not started (a recurring one: from now on). */
export const cancelWindowAction = verbAction(cancelWindowVerb);
