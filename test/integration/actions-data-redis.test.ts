import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisRead, redisWrite } from "@/lib/actions/kinds/redis";
import { Validation } from "@/lib/errors";
import { declare, runKind, serviceWith } from "./actions-data-support";

/** redis.read and redis.write against the real test Redis, under a key prefix of this run. */

const url = process.env.TEST_REDIS_URL!;
const prefix = `opsdeck:t:${process.pid}:${Date.now()}:`;
const target = serviceWith({ id: "data.redis" });
let redis: Redis;

beforeAll(() => {
  redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe("redis.read", () => {
  it("LLEN reports what was pushed, and GET fills a parameter into one key", async () => {
    const items = Array.from({ length: 7 }, (_, i) => `task-${i}`);
    await redis.rpush(`${prefix}tasks`, ...items);
    // A value with a space stays one argument: the key holds the space.
    await redis.set(`${prefix}result:abc 123`, '{"status":"done"}');
    const decl = declare({
      kind: "redis.read",
      id: "queue",
      url,
      commands: [
        `LLEN ${prefix}tasks`,
        `GET ${prefix}result:{{task_id}}`,
        `TYPE ${prefix}tasks`,
        "INFO server",
      ],
      params: [{ name: "task_id", pattern: "[a-z0-9 ]{1,40}" }],
    });
    const { result, error, out } = await runKind(redisRead, target, decl, { task_id: "abc 123" });
    expect(error).toBeUndefined();
    const commands = (result as { commands: { command: string; value: unknown }[] }).commands;
    expect(commands[0]).toEqual({ command: `LLEN ${prefix}tasks`, value: 7 });
    expect(commands[1]).toEqual({ command: `GET ${prefix}result:abc 123`, value: '{"status":"done"}' });
    expect(commands[2].value).toBe("list");
    expect((commands[3].value as Record<string, string>).redis_version).toMatch(/^\d+\./);
    expect(out.text("out")).toContain(`LLEN ${prefix}tasks → 7`);

    await redis.lpop(`${prefix}tasks`);
    const again = await runKind(redisRead, target, decl, { task_id: "abc 123" });
    expect((again.result as { commands: { value: unknown }[] }).commands[0].value).toBe(6);
  });

  it("rejects a parameter that breaks its declared pattern before anything runs", () => {
    const decl = declare({
      kind: "redis.read",
      id: "result",
      url,
      commands: [`GET ${prefix}result:{{task_id}}`],
      params: [{ name: "task_id", pattern: "[a-f0-9-]{8,64}" }],
    });
    const parsed = redisRead.params(target, decl).safeParse({ task_id: "x\r\nFLUSHALL" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(["task_id"]);
  });

  it("refuses a declaration with a command that is not a read, running none of its commands", async () => {
    await redis.rpush(`${prefix}keep`, "a", "b");
    const decl = declare({
      kind: "redis.read",
      id: "sneaky",
      url,
      commands: [`LLEN ${prefix}keep`, `DEL ${prefix}keep`],
    });
    const { error, out } = await runKind(redisRead, target, decl);
    expect(error).toBeInstanceOf(Validation);
    expect(error?.message).toMatch(/commands\[1\] .*DEL is not allowed here/);
    expect(out.lines).toHaveLength(0);
    expect(await redis.llen(`${prefix}keep`)).toBe(2);
  });

  it("fails with a clear message that never shows the URL's password", async () => {
    const decl = declare({
      kind: "redis.read",
      id: "down",
      url: "redis://:hunter2-secret@127.0.0.1:1/0",
      commands: ["INFO"],
    });
    const { error, out } = await runKind(redisRead, target, decl);
    expect(error?.message).toMatch(/^redis.*(ECONNREFUSED|connect)/i);
    expect(error?.message).not.toContain("hunter2-secret");
    expect(out.text()).not.toContain("hunter2-secret");
  });
});

describe("redis.write", () => {
  it("runs the declared writes in order", async () => {
    const decl = declare({
      kind: "redis.write",
      id: "requeue",
      url,
      commands: [`RPUSH ${prefix}retry {{task_id}}`, `SET ${prefix}flag on EX 60`, `DEL ${prefix}gone`],
      params: [{ name: "task_id", pattern: "[a-z0-9-]{1,40}" }],
    });
    await redis.set(`${prefix}gone`, "x");
    const { result, error } = await runKind(redisWrite, target, decl, { task_id: "t-42" });
    expect(error).toBeUndefined();
    expect(await redis.lrange(`${prefix}retry`, 0, -1)).toEqual(["t-42"]);
    expect(await redis.get(`${prefix}flag`)).toBe("on");
    expect(await redis.ttl(`${prefix}flag`)).toBeGreaterThan(0);
    expect(await redis.exists(`${prefix}gone`)).toBe(0);
    expect((result as { commands: { value: unknown }[] }).commands.map((c) => c.value)).toEqual([1, "OK", 1]);
  });

  it("refuses commands outside the write list, such as FLUSHALL", async () => {
    await redis.set(`${prefix}survivor`, "1");
    const decl = declare({ kind: "redis.write", id: "wipe", url, commands: ["FLUSHALL"] });
    const { error } = await runKind(redisWrite, target, decl);
    expect(error).toBeInstanceOf(Validation);
    expect(error?.message).toMatch(/FLUSHALL is not allowed here/);
    expect(await redis.get(`${prefix}survivor`)).toBe("1");
  });
});
