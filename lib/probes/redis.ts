import "server-only";
import Redis from "ioredis";
import type { CheckConfig } from "@/lib/catalog/schemas";
import { resolveTemplate, urlSecrets } from "./target";
import type { Probe } from "./types";
import { abortable, failure, probeSignal, verdict } from "./verdict";

type RedisCheck = Extract<CheckConfig, { kind: "redis" }>;

const KEY_COMMANDS = new Set(["LLEN", "XLEN", "SCARD", "ZCARD", "HLEN"]);

/** PING, or one declared read command whose answer becomes `value` and the metric. */
export const probeRedis: Probe<RedisCheck> = async (check, ctx) => {
  const started = performance.now();
  const secrets = urlSecrets(check.url);
  let client: Redis | undefined;
  let lastError: unknown;
  try {
    const command = parseCommand(check.command);
    if (typeof command === "string") return { status: "unknown", message: command, latencyMs: 0 };
    const signal = probeSignal(ctx);
    // One attempt per run: the monitor schedules the next one, so the driver must not retry.
    client = new Redis(resolveTemplate(check.url, ctx.containers), {
      lazyConnect: true,
      connectTimeout: ctx.timeoutMs,
      commandTimeout: ctx.timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      reconnectOnError: () => false,
      enableOfflineQueue: false,
    });
    // Without retries ioredis rejects with "Connection is closed."; the cause arrives as an event.
    client.on("error", (error: unknown) => (lastError ??= error));
    const open = client;
    const cancel = () => open.disconnect();
    await abortable(open.connect(), signal, cancel);
    const value = await abortable(run(open, command), signal, cancel);
    const latency = performance.now() - started;
    const numeric = typeof value === "number" ? value : undefined;
    if (check.metric && command.name !== "PING" && numeric === undefined) {
      return {
        status: "unknown",
        message: `${command.label} returned a non-numeric value`,
        latencyMs: Math.round(latency),
      };
    }
    return verdict(check, {
      latencyMs: latency,
      summary:
        command.name === "PING" ? `${value} in ${Math.round(latency)}ms` : `${command.label} = ${value}`,
      observation: { latency: Math.round(latency), value },
      metricValue: command.name === "PING" ? undefined : numeric,
    });
  } catch (error) {
    const closed = error instanceof Error && /connection is closed/i.test(error.message);
    return failure(closed && lastError ? lastError : error, ctx, started, secrets);
  } finally {
    client?.disconnect();
  }
};

interface RedisCommand {
  name: string;
  args: string[];
  /** Shown in messages, e.g. "LLEN seratonin_tasks". */
  label: string;
}

/** Returns the parsed command, or a message saying why it cannot run. */
export function parseCommand(text: string): RedisCommand | string {
  const [rawName = "", ...args] = text.trim().split(/\s+/);
  const name = rawName.toUpperCase();
  const label = [name, ...args].join(" ");
  if (name === "PING" || name === "DBSIZE")
    return args.length === 0 ? { name, args, label } : `${name} takes no arguments`;
  if (KEY_COMMANDS.has(name))
    return args.length === 1 ? { name, args, label } : `${name} takes exactly one key`;
  if (name === "INFO") {
    return args.length === 1 && /^\w+\.\w+$/.test(args[0])
      ? { name, args, label }
      : "INFO takes <section>.<field>, e.g. INFO memory.used_memory";
  }
  return `unsupported redis command ${name}`;
}

async function run(client: Redis, command: RedisCommand): Promise<unknown> {
  if (command.name === "PING") return client.ping();
  if (command.name !== "INFO") return toValue(await client.call(command.name, ...command.args));
  const [section, field] = command.args[0].split(".");
  const info = await client.info(section);
  const line = info.split(/\r?\n/).find((entry) => entry.startsWith(`${field}:`));
  if (line === undefined) throw new Error(`INFO ${section} has no field ${field}`);
  return toValue(line.slice(field.length + 1).trim());
}

function toValue(reply: unknown): unknown {
  if (typeof reply === "string" && reply.trim() !== "" && Number.isFinite(Number(reply)))
    return Number(reply);
  return reply;
}
