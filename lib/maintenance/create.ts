import "server-only";
import { verb } from "@/lib/http/verb";
import { maintenanceService } from "./runtime";
import { createWindowSchema } from "./schemas";

/** Creates a window, starting now or later, once or recurring; audited as `maintenance.create`. */
export const createWindowVerb = verb({
  action: "maintenance.create",
  permission: "maintenance.manage",
  input: createWindowSchema,
  attempt: (raw) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v.slice(0, 20).map((x) => String(x).slice(0, 100)) : []);
    return {
      params: {
        title: String(r.title ?? "").slice(0, 200),
        services: list(r.services),
        stacks: list(r.stacks),
        tags: list(r.tags),
        start: typeof r.start === "string" ? r.start.slice(0, 40) : "now",
        ...(typeof r.end === "string" ? { end: r.end.slice(0, 40) } : {}),
      },
    };
  },
  audit: "wrapper",
  run: async (ctx, input) => {
    const window = await maintenanceService().create(ctx.actor, input);
    return { id: window.id };
  },
});
