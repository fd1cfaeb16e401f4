import "server-only";
import { verb } from "@/lib/http/verb";
import { maintenanceService } from "./runtime";
import { editWindowSchema } from "./schemas";
import { windowTarget } from "./target";

/** Changes a window that is not over: texts, owner, scope, playbook, its end (and its start before it starts). */
export const editWindowVerb = verb({
  action: "maintenance.edit",
  permission: "maintenance.manage",
  input: editWindowSchema,
  attempt: (raw) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const changed = Object.keys(r)
      .filter((k) => k !== "windowId")
      .slice(0, 20);
    return { ...windowTarget(raw), params: { changed } };
  },
  audit: "wrapper",
  run: async (ctx, input) => {
    const window = await maintenanceService().edit(ctx.actor, input);
    return { id: window.id };
  },
});
