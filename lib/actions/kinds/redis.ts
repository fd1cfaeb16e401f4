import "server-only";
import { z } from "zod";
import type { ActionKind } from "../types";

// PLACEHOLDER: replaced by the real kinds (helper task).
export const redisRead: ActionKind = {
  kind: "redisRead",
  title: "redisRead",
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
export const redisWrite: ActionKind = {
  kind: "redisWrite",
  title: "redisWrite",
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
