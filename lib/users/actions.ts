"use server";

import { revalidatePath } from "next/cache";
import { verbAction } from "@/lib/http/verb";
import {
  changeRoleVerb,
  createTokenVerb,
  createUserVerb,
  resetPasswordVerb,
  revokeSessionsVerb,
  revokeTokenVerb,
  setDisabledVerb,
} from "./verbs";

/**
 * Server actions of the users page: each is a public POST endpoint, so each is a verb (identity,
 * Origin, permission, validation and audit in lib/http/verb.ts). The page is re-rendered after a
 * change.
 */
const refreshed = <T>(data: T): T => {
  revalidatePath("/settings/users");
  return data;
};

export const createUserAction = verbAction(createUserVerb, refreshed);
export const changeRoleAction = verbAction(changeRoleVerb, refreshed);
export const setDisabledAction = verbAction(setDisabledVerb, refreshed);
export const revokeSessionsAction = verbAction(revokeSessionsVerb, refreshed);
export const resetPasswordAction = verbAction(resetPasswordVerb, refreshed);
export const createTokenAction = verbAction(createTokenVerb, refreshed);
export const revokeTokenAction = verbAction(revokeTokenVerb, refreshed);
