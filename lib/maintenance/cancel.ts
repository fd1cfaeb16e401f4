import "server-only";
import { verb } from "@/lib/http/verb";
import { maintenanceService } from "./runtime";
import { windowRefSchema } from "./schemas";
import { windowTarget } from "./target";

/** Cancels a window that has not started, or every later occurrence of a recurring one. */
export const cancelWindowVerb = verb({
  action: "maintenance.cancel",
  permission: "maintenance.manage",
  input: windowRefSchema,
  attempt: windowTarget,
  audit: "wrapper",
  run: async (ctx, input) => {
    const window = await maintenanceService().cancel(ctx.actor, input.windowId);
    return { id: window.id };
  },
});
