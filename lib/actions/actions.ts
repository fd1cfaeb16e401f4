"use server";

import { authorize } from "@/lib/auth/access";
import { isAppError } from "@/lib/errors";
import { log, shortErrorMessage } from "@/lib/infra/logger";
import { isAlreadyRunning, runAttempt } from "./service";
import { actionService } from "./runtime";

export type RunActionResult =
  { ok: true; runId: string } | { ok: false; error: { code: string; message: string; runId?: string } };

/**
 * Starts an action. Server actions are public POST endpoints: identity, Origin and permission
 * are checked here and again inside the service, whatever the page showed.
 */
export async function runActionAction(input: unknown): Promise<RunActionResult> {
  try {
    const actor = await authorize("services.read", null, {
      mutation: true,
      attempt: runAttempt(input),
    });
    const { runId } = await actionService().start(actor, input);
    return { ok: true, runId };
  } catch (error) {
    if (isAlreadyRunning(error))
      return { ok: false, error: { code: error.code, message: error.message, runId: error.runId } };
    if (isAppError(error)) return { ok: false, error: { code: error.code, message: error.message } };
    const requestId = crypto.randomUUID();
    log.error("run action failed", { requestId, error: shortErrorMessage(error) });
    return {
      ok: false,
      error: { code: "internal", message: `something went wrong (request id ${requestId})` },
    };
  }
}
