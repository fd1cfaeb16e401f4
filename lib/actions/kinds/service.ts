import "server-only";
import { z } from "zod";
import type { ActionKind } from "../types";

// PLACEHOLDER: replaced by the real kinds (helper task).
export const serviceRestart: ActionKind = {
  kind: "serviceRestart",
  title: "serviceRestart",
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
export const serviceScale: ActionKind = {
  kind: "serviceScale",
  title: "serviceScale",
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
export const serviceUp: ActionKind = {
  kind: "serviceUp",
  title: "serviceUp",
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
