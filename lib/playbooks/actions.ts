"use server";

import { verbAction } from "@/lib/http/verb";
import { playbookCommandVerb, startPlaybookRunVerb } from "./verbs";

/** Starts a run of a playbook; answers with the run to open. */
export const startPlaybookRunAction = verbAction(startPlaybookRunVerb);

/** One person's command on a run (complete, tick, answer, run a step, approve, pause...). */
export const playbookCommandAction = verbAction(playbookCommandVerb);
