import "server-only";
import { z } from "zod";
import { verb } from "@/lib/http/verb";
import { actionService } from "./runtime";
import { runAttempt, type StartedRun } from "./service";
import { runRequestSchema } from "./schemas";

/** Which action a request aims at: all the permission is decided from, before the parameters. */
const runSelectorSchema = z.object({
  serviceId: z.string().min(1).max(200),
  actionId: z.string().min(1).max(100),
});

/**
 * Starts a run of a declared action. The permission is the action's own (safe, destructive or
 * privileged), looked up from the selector; the service then checks parameters, confirmation and
 * the lock, and writes the durable `started` record before anything reaches the target.
 */
export const runActionVerb = verb({
  action: "action.run",
  permission: {
    select: runSelectorSchema,
    resolve: ({ serviceId, actionId }) => actionService().permissionFor(serviceId, actionId),
  },
  input: runRequestSchema,
  attempt: (raw) => {
    const { target, params } = runAttempt(raw);
    return { target, params: params as Record<string, unknown> };
  },
  audit: "verb",
  run: (ctx, input): Promise<StartedRun> => actionService().start(ctx.actor, input, ctx.audit),
});
