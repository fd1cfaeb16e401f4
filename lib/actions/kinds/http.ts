import "server-only";
import { z } from "zod";
import type { ActionKind } from "../types";

// PLACEHOLDER: replaced by the real kinds (helper task).
export const httpCall: ActionKind = {
  kind: "httpCall",
  title: "httpCall",
  targetKind: "service",
  permission: "actions.run.safe",
  confirm: "none",
  read: false,
  timeoutMs: 1000,
  params: () => z.strictObject({}),
  run: async () => {
    throw new Error("not implemented");
  },
};
