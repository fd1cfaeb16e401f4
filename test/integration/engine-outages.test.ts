import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as t from "../support/docker";
import { flakyEngineProxy } from "../support/docker-proxy";
import { config, migrate, prismaFor, scratchDatabase, startEngine } from "../support/engine";
import { createPrivatePostgres, type PrivatePostgres } from "../support/private-postgres";

/**
 * The monitor engine survives its dependencies going away: the Docker engine (through a proxy
 * socket the test kills) and Postgres (a private cluster the test stops and restarts).
 */

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const PROJECT = `opsdeck-engout-${RUN}`;
const NETWORK = `${PROJECT}-net`;
const names = {
  steady: `${PROJECT}-steady`,
  victim: `${PROJECT}-victim`,
  bound: `${PROJECT}-bound`,
  endpoint: `${PROJECT}-endpoint`,
};
let endpointIp = "";

const composeLabels = (service: string) => ({
  "com.docker.compose.project": PROJECT,
  "com.docker.compose.service": service,
});
const setMode = (mode: "ok" | "fail") =>
  t.docker(["exec", names.endpoint, "sh", "-c", `echo ${mode} > /www/mode`]);

const yaml = () => `
version: 1
settings:
  defaultInterval: 1s
  defaultTimeout: 1s
  failuresBeforeDown: 1
  discoverContainers: false
stacks:
  - id: outage
    composeProject: ${PROJECT}
services:
  - id: steady
    compose: { project: ${PROJECT}, service: steady }
  - id: victim
    compose: { project: ${PROJECT}, service: victim }
  - id: bound   # matched through its stack's compose project, not an explicit compose: block
    stack: outage
  - id: edge
    checks:
      - id: health-endpoint
        kind: http
        url: "http://${endpointIp}:8080/cgi-bin/health"
        expect: ["status == 200"]
`;

beforeAll(async () => {
  await t.ensureTestImages();
  await t.ensureTestNetwork(NETWORK);
  const started = await Promise.all([
    t.runContainer({ network: NETWORK, name: names.steady, labels: composeLabels("steady") }),
    t.runContainer({ network: NETWORK, name: names.victim, labels: composeLabels("victim") }),
    t.runContainer({ network: NETWORK, name: names.bound, labels: composeLabels("bound") }),
    // Reached by IP like any external HTTP endpoint; its healthcheck is irrelevant here.
    t.runContainer({ network: NETWORK, name: names.endpoint, image: t.HTTPD_IMAGE, health: { cmd: "true" } }),
  ]);
  endpointIp = started[3].ip!;
});

afterAll(async () => {
  await Promise.all(Object.values(names).map(t.removeContainer));
  await t.docker(["network", "rm", NETWORK]).catch(() => undefined);
});

describe("MonitorEngine outages", () => {
  it("survives the Docker engine going away: unknown while unreachable, real state after reconnect", async () => {
    const proxy = flakyEngineProxy(t.dockerHost().slice("unix://".length));
    await proxy.up();
    const scratch = await scratchDatabase(process.env.TEST_DATABASE_URL!);
    const h = startEngine({ config: config(yaml()), getDb: async () => scratch.db, dockerHost: proxy.host });
    try {
      for (const id of ["steady", "victim", "bound", "edge"])
        await h.waitForService(id, (s) => s.status === "up", `${id} up before the outage`, 15_000);

      const lostAt = Date.now();
      await proxy.down();
      for (const id of ["steady", "victim", "bound"]) {
        const s = await h.waitForService(id, (x) => x.status === "unknown", `${id} unknown`, 3000);
        expect(s.reason).toMatch(/^Docker engine unreachable since \d{4}-\d\d-\d\dT/);
      }
      expect(h.engine.snapshot().docker.state).toBe("unreachable");

      // External checks do not need Docker: they keep running and still see real changes.
      const edgeBefore = h.service("edge")!.checks[0].lastRunAt!;
      await setMode("fail");
      const edgeDown = await h.waitForChange(
        (c) => c.type === "service" && c.id === "edge" && c.to === "down" && c.receivedAt > lostAt,
        "edge down during the Docker outage",
        5000,
      );
      expect(edgeDown.reason).toContain("HTTP 500");
      expect(Date.parse(h.service("edge")!.checks[0].lastRunAt!)).toBeGreaterThan(Date.parse(edgeBefore));
      await setMode("ok");
      await h.waitForService("edge", (s) => s.status === "up", "edge back up during the outage", 5000);

      // Stopped behind the monitor's back: it cannot know yet, and must not claim it is up.
      await t.docker(["stop", "-t", "0", names.victim]);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(h.service("victim")).toMatchObject({ status: "unknown" });
      expect(h.service("steady")).toMatchObject({ status: "unknown" });

      await proxy.up();
      await t.waitFor(() => h.engine.snapshot().docker.state === "connected", "reconnect", {
        timeoutMs: 15_000,
      });
      const victim = await h.waitForService(
        "victim",
        (s) => s.status === "down",
        "victim down after reconnect",
      );
      expect(victim.reason).toContain("container exited");
      expect(victim.containers).toMatchObject([{ name: names.victim, state: "exited" }]);
      await h.waitForService("steady", (s) => s.status === "up", "steady up after reconnect");
      await h.waitForService("bound", (s) => s.status === "up", "bound up after reconnect");
      expect(h.service("edge")?.status).toBe("up");
    } finally {
      await h.stop();
      await proxy.dispose();
      await scratch.drop();
    }
  });

  describe("with a private Postgres", () => {
    let pg: PrivatePostgres;
    beforeAll(async () => {
      pg = await createPrivatePostgres();
      await pg.start();
      await migrate(pg.url);
    });
    afterAll(async () => {
      await pg?.destroy();
    });

    it("keeps live health flowing while Postgres is down, queues writes and drains them when it returns", async () => {
      const db = prismaFor(pg.url);
      const h = startEngine({ config: config(yaml()), getDb: async () => db, flushEveryMs: 200 });
      try {
        await h.waitForService("edge", (s) => s.status === "up", "edge up", 15_000);
        await h.writer.flush();
        expect(h.writer.status()).toMatchObject({ state: "ok", queued: 0 });

        await pg.stop();
        const outageFrom = new Date();
        await t.waitFor(() => h.writer.status().state === "queueing", "writer queueing", { timeoutMs: 5000 });

        // Live health does not wait on the database: changes still reach the bus.
        await setMode("fail");
        const down = await h.waitForChange(
          (c) =>
            c.type === "service" && c.id === "edge" && c.to === "down" && Date.parse(c.at) >= +outageFrom,
          "edge down during the Postgres outage",
          5000,
        );
        await setMode("ok");
        const up = await h.waitForChange(
          (c) =>
            c.type === "service" &&
            c.id === "edge" &&
            c.to === "up" &&
            Date.parse(c.at) > Date.parse(down.at),
          "edge up during the Postgres outage",
          5000,
        );
        const during = h.writer.status();
        expect(during.state).toBe("queueing");
        expect(during.queued).toBeGreaterThan(0);
        // The writer says why it queues: the database it cannot reach.
        expect(during.lastError).toMatch(/ECONNREFUSED|reach|connect|terminat|closed/i);

        await pg.start();
        const outageTo = new Date();
        await t.waitFor(
          () => h.writer.status().state === "ok" && h.writer.status().queued === 0,
          "queue drained",
          { timeoutMs: 15_000 },
        );
        expect(h.writer.status().dropped).toBe(0);

        const written = await db.stateChange.findMany({
          where: { scope: "service", entityId: "edge", at: { gte: outageFrom, lte: outageTo } },
          orderBy: { at: "asc" },
        });
        expect(written.map((w) => [w.fromState, w.toState, w.at.toISOString()])).toEqual([
          ["up", "down", down.at],
          ["down", "up", up.at],
        ]);
        expect(written[0].reason).toContain("HTTP 500");
        const samples = await db.checkSample.findMany({
          where: { serviceId: "edge", checkId: "health-endpoint", at: { gte: outageFrom, lte: outageTo } },
        });
        expect(samples.filter((s) => s.status === "down").length).toBeGreaterThan(0);
        expect(samples.filter((s) => s.status === "up").length).toBeGreaterThan(0);
        // Everything published on the bus for this service is in the database, once.
        const all = await db.stateChange.count({ where: { scope: "service", entityId: "edge" } });
        expect(all).toBe(h.changes.filter((c) => c.type === "service" && c.id === "edge").length);
      } finally {
        await h.stop();
        await db.$disconnect();
      }
    });
  });
});
