"use server";

import { verbAction } from "@/lib/http/verb";
import { declareIncidentVerb, incidentCommandVerb } from "./verbs";

/** Declares an incident; answers with its id and number. */
export const declareIncidentAction = verbAction(declareIncidentVerb);

/** One change to an incident (status, severity, role, note, public update, pin or hide). */
export const incidentCommandAction = verbAction(incidentCommandVerb);
