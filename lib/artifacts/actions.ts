"use server";

import { verbAction } from "@/lib/http/verb";
import { deleteArtifactVerb } from "./verbs";

/** Deletes an artifact where it lives (admins); the listing keeps it, marked deleted. */
export const deleteArtifactAction = verbAction(deleteArtifactVerb);
