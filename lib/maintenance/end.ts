import "server-only";
import { verb } from "@/lib/http/verb";
import { maintenanceService } from "./runtime";
import { windowRefSchema } from "./schemas";
import { windowTarget } from "./target";

/** Ends the window's running occurrence now: its services show their real state at once. */
export const endWindowVerb = verb({
  action: "maintenance.end",
  permission: "maintenance.manage",
  input: windowRefSchema,
  attempt: windowTarget,
  audit: "wrapper",
  run: async (ctx, input) => {
    const window = await maintenanceService().end(ctx.actor, input.windowId);
    return { id: window.id };
  },
});
