import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerGateway, type DockerGateway } from "@/lib/infra/docker";
import { followDockerEvents, type ContainerEvent } from "@/lib/monitor/docker-events";
import * as t from "../support/docker";
import { flakyEngineProxy } from "../support/docker-proxy";

let gw: DockerGateway;

beforeAll(async () => {
  gw = t.testGateway();
  await t.cleanupTestResources();
  await t.ensureTestImages();
});
afterAll(async () => {
  await t.cleanupTestResources();
});

describe("followDockerEvents", () => {
  it("delivers start, health_status and die within a second", async () => {
    const events: (ContainerEvent & { receivedAt: number })[] = [];
    const ac = new AbortController();
    let connected = 0;
    const following = followDockerEvents(gw, {
      signal: ac.signal,
      onConnected: () => connected++,
      onEvent: (e) => events.push({ ...e, receivedAt: Date.now() }),
    });
    await t.waitFor(() => connected === 1, "connected");
    const c = await t.runContainer({ health: { cmd: "true", interval: "1s" } });
    const mine = (type: string) => events.find((e) => e.containerId === c.id && e.type === type);
    const started = await t.waitFor(() => mine("start"), "start event", { timeoutMs: 1000 });
    expect(started.name).toBe(c.name);
    expect(started.attributes["opsdeck.test"]).toBe("1");
    expect((await t.waitFor(() => mine("health_status"), "health event", { timeoutMs: 5000 })).health).toBe(
      "healthy",
    );
    await t.docker(["kill", c.id]);
    const killedAt = Date.now();
    const died = await t.waitFor(() => mine("die"), "die event", { timeoutMs: 1000, intervalMs: 20 });
    expect(died.receivedAt - killedAt).toBeLessThan(1000);
    expect(died.attributes.exitCode).toBe("137");
    ac.abort();
    await following;
  });

  it("reconnects after the engine connection dies, calls onConnected again and replays what it missed", async () => {
    const proxy = flakyEngineProxy(t.dockerHost().slice("unix://".length));
    await proxy.up();
    const flaky = createDockerGateway({ host: proxy.host });
    const ac = new AbortController();
    const events: ContainerEvent[] = [];
    let connected = 0;
    const disconnects: Date[] = [];
    const following = followDockerEvents(flaky, {
      signal: ac.signal,
      minDelayMs: 100,
      maxDelayMs: 400,
      onConnected: () => connected++,
      onDisconnected: (_error, since) => disconnects.push(since),
      onEvent: (e) => events.push(e),
    });
    try {
      await t.waitFor(() => connected === 1, "first connect");
      const before = await t.runContainer();
      await t.waitFor(
        () => events.some((e) => e.containerId === before.id && e.type === "start"),
        "start before the drop",
      );

      await proxy.down();
      await t.waitFor(() => disconnects.length === 1, "onDisconnected");
      const during = await t.runContainer(); // happens while the follower cannot see the engine
      await new Promise((resolve) => setTimeout(resolve, 1000)); // several failed reconnects
      expect(disconnects).toHaveLength(1);
      await proxy.up();
      await t.waitFor(() => connected === 2, "reconnect", { timeoutMs: 3000 });
      await t.waitFor(
        () => events.some((e) => e.containerId === during.id && e.type === "start"),
        "replayed start",
      );
      expect(events.filter((e) => e.containerId === before.id && e.type === "start")).toHaveLength(1);
    } finally {
      ac.abort();
      await following;
      await proxy.down();
    }
  });
});
