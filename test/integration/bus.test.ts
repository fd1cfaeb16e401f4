import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createBus, type Bus, type BusEvent, type BusMode } from "@/lib/monitor/bus";

const opened: Bus[] = [];
const servers: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((b) => b.close()));
  for (const s of servers.splice(0)) s.kill("SIGKILL");
});

function open(...args: Parameters<typeof createBus>): Bus {
  const bus = createBus(...args);
  opened.push(bus);
  return bus;
}

function collect(bus: Bus): BusEvent[] {
  const seen: BusEvent[] = [];
  bus.subscribe((e) => seen.push(e));
  return seen;
}

async function until(what: string, condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** A private redis-server we can kill, so the shared one keeps serving other tests. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  servers.push(child);
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  await until("redis-server to accept connections", () => out.includes("Ready to accept connections"));
  return child;
}

const event = (n: number): BusEvent => ({
  type: "service",
  id: "api",
  from: "up",
  to: "down",
  reason: `#${n}`,
  at: new Date().toISOString(),
});
const reasons = (events: BusEvent[]) => events.map((e) => e.reason);

describe("health bus", () => {
  it("delivers in process without Redis, and stops after unsubscribe", async () => {
    const bus = open();
    expect(bus.mode()).toBe("memory");
    const seen: BusEvent[] = [];
    const off = bus.subscribe((e) => seen.push(e));
    await bus.publish(event(1));
    await until("local delivery", () => seen.length === 1);
    off();
    await bus.publish(event(2));
    await new Promise((r) => setTimeout(r, 50));
    expect(reasons(seen)).toEqual(["#1"]);
  });

  it("lets two replicas see one stream, in order and exactly once", async () => {
    const channel = `opsdeck:test:${Date.now()}:${Math.random()}`;
    const a = open({ redisUrl: process.env.TEST_REDIS_URL, channel });
    const b = open({ redisUrl: process.env.TEST_REDIS_URL, channel });
    await until("both buses on Redis", () => a.mode() === "redis" && b.mode() === "redis");
    const seenA = collect(a);
    const seenB = collect(b);
    for (let n = 1; n <= 20; n++) await (n % 2 ? a : b).publish(event(n));
    const all = Array.from({ length: 20 }, (_, i) => `#${i + 1}`);
    await until("20 events on both", () => seenA.length >= 20 && seenB.length >= 20);
    await new Promise((r) => setTimeout(r, 100));
    expect(reasons(seenA)).toEqual(all);
    expect(reasons(seenB)).toEqual(all);
  });

  it("falls back to local delivery when Redis dies and returns to Redis when it is back", async () => {
    const port = await freePort();
    let server = await startRedis(port);
    const url = `redis://127.0.0.1:${port}`;
    const modes: [BusMode, string][] = [];
    const a = open({
      redisUrl: url,
      channel: "opsdeck:health",
      onModeChange: (m, why) => modes.push([m, why]),
    });
    const b = open({ redisUrl: url, channel: "opsdeck:health" });
    await until("both buses on Redis", () => a.mode() === "redis" && b.mode() === "redis");
    const seenA = collect(a);
    const seenB = collect(b);

    server.kill("SIGKILL");
    // Published during the switch, before the bus noticed: still delivered on this replica.
    await a.publish(event(1));
    await until("fallback mode", () => a.mode() === "memory-fallback");
    await a.publish(event(2));
    await until("local delivery while Redis is down", () => seenA.length === 2);
    expect(reasons(seenA)).toEqual(["#1", "#2"]);
    expect(modes.at(-1)![1]).toMatch(/Redis unavailable/);

    server = await startRedis(port);
    await until("back on Redis", () => a.mode() === "redis" && b.mode() === "redis", 15_000);
    await a.publish(event(3));
    await until("cross-replica delivery after recovery", () => seenB.some((e) => e.reason === "#3"));
    await until("own delivery after recovery", () => seenA.length === 3);
    expect(reasons(seenA)).toEqual(["#1", "#2", "#3"]);
    expect(modes.map(([m]) => m)).toEqual(["redis", "memory-fallback", "redis"]);
  });

  it("ignores foreign junk on the channel", async () => {
    const channel = `opsdeck:test:junk:${Math.random()}`;
    const bus = open({ redisUrl: process.env.TEST_REDIS_URL, channel });
    await until("bus on Redis", () => bus.mode() === "redis");
    const seen = collect(bus);
    const { default: Redis } = await import("ioredis");
    const raw = new Redis(process.env.TEST_REDIS_URL!);
    await raw.publish(channel, "not json");
    await raw.publish(channel, JSON.stringify({ id: "x", origin: "y", event: { no: "type" } }));
    await raw.publish(channel, JSON.stringify({ id: "x", origin: "y", event: { type: "ping" } }));
    raw.disconnect();
    await until("the valid event", () => seen.length === 1);
    expect(seen[0]).toEqual({ type: "ping" });
  });
});
