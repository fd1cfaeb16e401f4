import { fillTemplate } from "../params";

/**
 * Which Redis commands a declaration may run, with their arity. A command is split on
 * whitespace first and only then are `{{param}}`s filled, so a value is always exactly one
 * argument, whatever spaces or quotes it contains.
 */

interface Arity {
  min: number;
  /** Infinity for variadic commands. */
  max: number;
  usage: string;
}

export const READ_COMMANDS: Readonly<Record<string, Arity>> = {
  LLEN: { min: 1, max: 1, usage: "LLEN key" },
  XLEN: { min: 1, max: 1, usage: "XLEN key" },
  GET: { min: 1, max: 1, usage: "GET key" },
  HGETALL: { min: 1, max: 1, usage: "HGETALL key" },
  SCARD: { min: 1, max: 1, usage: "SCARD key" },
  ZCARD: { min: 1, max: 1, usage: "ZCARD key" },
  TTL: { min: 1, max: 1, usage: "TTL key" },
  TYPE: { min: 1, max: 1, usage: "TYPE key" },
  EXISTS: { min: 1, max: Infinity, usage: "EXISTS key [key ...]" },
  INFO: { min: 0, max: 1, usage: "INFO [section]" },
};

export const WRITE_COMMANDS: Readonly<Record<string, Arity>> = {
  SET: { min: 2, max: 5, usage: "SET key value [EX seconds|PX ms] [NX|XX]" },
  DEL: { min: 1, max: Infinity, usage: "DEL key [key ...]" },
  UNLINK: { min: 1, max: Infinity, usage: "UNLINK key [key ...]" },
  EXPIRE: { min: 2, max: 3, usage: "EXPIRE key seconds [NX|XX|GT|LT]" },
  PERSIST: { min: 1, max: 1, usage: "PERSIST key" },
  INCR: { min: 1, max: 1, usage: "INCR key" },
  DECR: { min: 1, max: 1, usage: "DECR key" },
  INCRBY: { min: 2, max: 2, usage: "INCRBY key increment" },
  LPUSH: { min: 2, max: Infinity, usage: "LPUSH key value [value ...]" },
  RPUSH: { min: 2, max: Infinity, usage: "RPUSH key value [value ...]" },
  LPOP: { min: 1, max: 2, usage: "LPOP key [count]" },
  RPOP: { min: 1, max: 2, usage: "RPOP key [count]" },
  LREM: { min: 3, max: 3, usage: "LREM key count value" },
  LTRIM: { min: 3, max: 3, usage: "LTRIM key start stop" },
  HSET: { min: 3, max: Infinity, usage: "HSET key field value [field value ...]" },
  HDEL: { min: 2, max: Infinity, usage: "HDEL key field [field ...]" },
  SADD: { min: 2, max: Infinity, usage: "SADD key member [member ...]" },
  SREM: { min: 2, max: Infinity, usage: "SREM key member [member ...]" },
  ZADD: { min: 3, max: Infinity, usage: "ZADD key score member [score member ...]" },
  ZREM: { min: 2, max: Infinity, usage: "ZREM key member [member ...]" },
  XADD: { min: 4, max: Infinity, usage: "XADD key id field value [field value ...]" },
  XDEL: { min: 2, max: Infinity, usage: "XDEL key id [id ...]" },
  XTRIM: { min: 3, max: 4, usage: "XTRIM key MAXLEN|MINID [~] threshold" },
};

export interface PlannedCommand {
  name: string;
  args: string[];
  /** The command as run, for output: "LLEN seratonin_tasks". */
  label: string;
}

/**
 * Checks every declared command against `allowed` and fills parameters. Throws naming the
 * offending command before anything runs, so a bad declaration never half-executes.
 */
export function planCommands(
  commands: readonly string[],
  allowed: Readonly<Record<string, Arity>>,
  params: Record<string, unknown>,
): PlannedCommand[] {
  return commands.map((text, i) => {
    const where = `commands[${i}] "${text}"`;
    const [rawName = "", ...rawArgs] = text.trim().split(/\s+/);
    const name = rawName.toUpperCase();
    const arity = Object.hasOwn(allowed, name) ? allowed[name] : undefined;
    if (!arity)
      throw new Error(
        `${where}: ${name || "(empty)"} is not allowed here (allowed: ${Object.keys(allowed).join(", ")})`,
      );
    if (rawArgs.length < arity.min || rawArgs.length > arity.max)
      throw new Error(`${where}: expected ${arity.usage}`);
    const args = rawArgs.map((token) => {
      const value = fillTemplate(token, params);
      if (value === "") throw new Error(`${where}: an argument is empty after filling in parameters`);
      return value;
    });
    if (name === "INFO" && args[0] !== undefined && !/^[a-z_]{1,32}$/i.test(args[0]))
      throw new Error(`${where}: expected an INFO section name such as memory or keyspace`);
    return { name, args, label: [name, ...args].join(" ") };
  });
}

/** A reply as JSON: numbers stay numbers, HGETALL becomes an object, INFO a map of its fields. */
export function replyValue(command: PlannedCommand, reply: unknown): unknown {
  if (command.name === "HGETALL" && Array.isArray(reply)) {
    const record: Record<string, unknown> = {};
    for (let i = 0; i + 1 < reply.length; i += 2) record[String(reply[i])] = reply[i + 1];
    return record;
  }
  if (command.name === "INFO" && typeof reply === "string") return parseInfo(reply);
  return reply;
}

export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith("#")) continue;
    const at = line.indexOf(":");
    if (at > 0) fields[line.slice(0, at)] = line.slice(at + 1);
  }
  return fields;
}

/** One short line per reply: values cut at 2,000 characters so a big key cannot flood the output. */
export function displayValue(value: unknown): string {
  const text = value === null || value === undefined ? "(nil)" : JSON.stringify(value);
  return text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} characters)` : text;
}
