import "server-only";
import { z } from "zod";
import type { ActionKind } from "../types";

// PLACEHOLDER: replaced by the real kinds (helper task).
export const postgresQuery: ActionKind = {
  kind: "postgresQuery",
  title: "postgresQuery",
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
export const postgresBackup: ActionKind = {
  kind: "postgresBackup",
  title: "postgresBackup",
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
export const postgresRestore: ActionKind = {
  kind: "postgresRestore",
  title: "postgresRestore",
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
