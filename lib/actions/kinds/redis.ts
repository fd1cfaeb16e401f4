import "server-only";
import Redis from "ioredis";
import type { z } from "zod";
import { Validation } from "@/lib/errors";
import { redactUrl, scrubSecrets, urlSecrets } from "@/lib/probes/target";
import { abortable, describeError } from "@/lib/probes/verdict";
import { declaredParamsSchema } from "../params";
import type { DeclaredAction } from "../schemas";
import type { ActionKind, RunContext } from "../types";
import {
  displayValue,
  planCommands,
  READ_COMMANDS,
  replyValue,
  WRITE_COMMANDS,
  type PlannedCommand,
} from "./redis-commands";
import { resolveDeclaredUrl } from "./support";

type RedisDecl = Extract<DeclaredAction, { kind: "redis.read" | "redis.write" }>;
type Params = Record<string, unknown>;

const CONNECT_TIMEOUT_MS = 3000;
const COMMAND_TIMEOUT_MS = 5000;

const params = (_target: unknown, decl: RedisDecl) => declaredParamsSchema(decl.params) as z.ZodType<Params>;

export const redisRead: ActionKind<RedisDecl, Params> = {
  kind: "redis.read",
  title: "Read Redis values",
  description: "Run declared read commands (LLEN, XLEN, GET, HGETALL, INFO, ...) and show the values.",
  targetKind: "service",
  permission: "data.read",
  confirm: "none",
  read: true,
  timeoutMs: 30_000,
  params,
  run: (ctx, p) => runCommands(ctx, p, READ_COMMANDS),
};

export const redisWrite: ActionKind<RedisDecl, Params> = {
  kind: "redis.write",
  title: "Write Redis values",
  description: "Run declared write commands (SET, DEL, LPUSH, XADD, EXPIRE, ...).",
  targetKind: "service",
  permission: "actions.run.privileged",
  confirm: "type-name",
  read: false,
  timeoutMs: 30_000,
  params,
  run: (ctx, p) => runCommands(ctx, p, WRITE_COMMANDS),
};

/** Validates the whole declaration first, then runs the commands in order on one connection. */
async function runCommands(
  { target, decl, out, signal }: RunContext<RedisDecl>,
  p: Params,
  allowed: typeof READ_COMMANDS,
) {
  let planned: PlannedCommand[];
  try {
    planned = planCommands(decl.commands, allowed, p);
  } catch (error) {
    throw new Validation(`declaration ${(error as Error).message}`);
  }
  const url = resolveDeclaredUrl(decl.url, target);
  const secrets = urlSecrets(url);
  let lastError: unknown;
  // One attempt, short timeouts: an action that hangs on a dead Redis helps nobody.
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    reconnectOnError: () => false,
    enableOfflineQueue: false,
  });
  client.on("error", (error: unknown) => (lastError ??= error));
  const cancel = () => client.disconnect();
  const results: { command: string; value: unknown }[] = [];
  try {
    out.line(`connecting to ${hostOf(url)}`, "info");
    await abortable(client.connect(), signal, cancel);
    for (const command of planned) {
      const reply = await abortable(client.call(command.name, ...command.args), signal, cancel);
      const value = replyValue(command, reply);
      out.line(`${command.label} → ${displayValue(value)}`, "out");
      results.push({ command: command.label, value });
    }
  } catch (error) {
    signal.throwIfAborted();
    const closed = error instanceof Error && /connection is closed/i.test(error.message);
    const cause = closed && lastError ? lastError : error;
    const failed = results.length < planned.length ? ` (${planned[results.length].label})` : "";
    throw new Error(`redis${failed}: ${scrubSecrets(describeError(cause), secrets)}`);
  } finally {
    client.disconnect();
  }
  return { commands: results };
}

/** host:port only: the URL may carry a password, and the database number is noise here. */
function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return u.host;
  } catch {
    return redactUrl(url);
  }
}
