import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as t from "../support/docker";
import { flakyEngineProxy } from "../support/docker-proxy";
import { config, scratchDatabase, startEngine, type EngineHarness } from "../support/engine";

/**
 * The monitor engine against the real Docker engine: container state and healthchecks from the
 * events stream, HTTP checks, and impact along compose depends_on. One engine for the file.
 */

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const PROJECT = `opsdeck-eng-${RUN}`; // compose labels put the plain containers in one stack
const FIXTURE = `opsdeck-engfx-${RUN}`;
const names = { sleeper: `${PROJECT}-sleeper`, checked: `${PROJECT}-checked`, site: `${PROJECT}-site` };
const NETWORK = `${PROJECT}-net`;
const HEALTH_URL = "http://127.0.0.1:8080/cgi-bin/health";

const YAML = `
version: 1
settings:
  defaultInterval: 1s
  defaultTimeout: 1s
  failuresBeforeDown: 1
  discoverContainers: false   # only what this file starts, whatever else runs on the engine
stacks:
  - id: fixture
    composeProject: ${FIXTURE}
services:
  - id: sleeper
    compose: { project: ${PROJECT}, service: sleeper }
    checks:   # polled once a minute: only the events stream can report a stop within 2 s
      - { id: container, kind: docker, interval: 60s }
  - id: checked
    compose: { project: ${PROJECT}, service: checked }
  - id: site
    compose: { project: ${PROJECT}, service: site }
    checks:
      - id: health-endpoint
        kind: http
        url: "http://{{container}}:8080/cgi-bin/health"
        expect: ["status == 200"]
  - { id: web, stack: fixture }
  - { id: api, stack: fixture }
  - { id: worker, stack: fixture }
`;

const composeLabels = (service: string) => ({
  "com.docker.compose.project": PROJECT,
  "com.docker.compose.service": service,
});
const setMode = (container: string, mode: "ok" | "fail") =>
  t.docker(["exec", container, "sh", "-c", `echo ${mode} > /www/mode`]);

let h: EngineHarness;
let scratch: Awaited<ReturnType<typeof scratchDatabase>>;

beforeAll(async () => {
  await t.ensureTestImages();
  scratch = await scratchDatabase(process.env.TEST_DATABASE_URL!);
  await t.ensureTestNetwork(NETWORK); // once, before the parallel runs (creating it races)
  await Promise.all([
    t.runContainer({ network: NETWORK, name: names.sleeper, labels: composeLabels("sleeper") }),
    // The Docker healthcheck follows /www/mode; checked every second so a flip shows fast.
    t.runContainer({
      network: NETWORK,
      name: names.checked,
      image: t.HTTPD_IMAGE,
      labels: composeLabels("checked"),
      health: { cmd: `wget -q -O /dev/null ${HEALTH_URL}`, interval: "1s", retries: 1 },
    }),
    // Healthcheck pinned healthy: only the HTTP check can see the 500.
    t.runContainer({
      network: NETWORK,
      name: names.site,
      image: t.HTTPD_IMAGE,
      labels: composeLabels("site"),
      health: { cmd: "true" },
    }),
    t.composeUp(FIXTURE),
  ]);
  h = startEngine({ config: config(YAML), getDb: async () => scratch.db });
  for (const id of ["sleeper", "checked", "site", "web", "api", "worker"])
    await h.waitForService(id, (s) => s.status === "up", `${id} up at start`, 15_000);
});

afterAll(async () => {
  await h?.stop();
  await Promise.all([...Object.values(names).map(t.removeContainer), t.composeDown(FIXTURE)]);
  await t.docker(["network", "rm", NETWORK]).catch(() => undefined);
  await scratch?.drop();
});

describe("MonitorEngine with the Docker engine", () => {
  it("reports a stopped container down within 2 s (events, not polling) and up again after start", async () => {
    const stopAt = Date.now();
    await t.docker(["stop", "-t", "0", names.sleeper]);
    const down = await h.waitForChange(
      (c) => c.type === "service" && c.id === "sleeper" && c.to === "down" && c.receivedAt >= stopAt,
      "sleeper down on the bus",
      2000,
    );
    expect(down.receivedAt - stopAt).toBeLessThan(2000);
    expect(down.from).toBe("up");
    expect(down.reason).toContain("container exited");
    expect(h.service("sleeper")).toMatchObject({ status: "down", containers: [{ state: "exited" }] });

    const startAt = Date.now();
    await t.docker(["start", names.sleeper]);
    const up = await h.waitForChange(
      (c) => c.type === "service" && c.id === "sleeper" && c.to === "up" && c.receivedAt >= startAt,
      "sleeper up on the bus",
      2000,
    );
    expect(up.from).toBe("down");
    expect(h.service("sleeper")?.reason).toContain("running");
  });

  it("reports a Docker healthcheck turning unhealthy, naming the healthcheck", async () => {
    const flipAt = Date.now();
    await setMode(names.checked, "fail");
    const change = await h.waitForChange(
      (c) => c.type === "service" && c.id === "checked" && c.to === "down" && c.receivedAt >= flipAt,
      "checked down",
      8000,
    );
    expect(change.reason).toMatch(/healthcheck failing/);
    const view = h.service("checked")!;
    expect(view.containers[0]).toMatchObject({ state: "running", health: "unhealthy" });
    expect(view.checks.find((c) => c.kind === "docker")).toMatchObject({ status: "down" });

    await setMode(names.checked, "ok");
    await h.waitForService("checked", (s) => s.status === "up", "checked healthy again", 8000);
  });

  it("reports an HTTP check flipping to 500 with the status in the reason", async () => {
    // The serialized map is built once and reused within its age limit...
    const siteIn = (json: string) =>
      (JSON.parse(json) as { services: { id: string; status: string }[] }).services.find(
        (s) => s.id === "site",
      );
    const before = h.engine.snapshotJson(60_000);
    expect(h.engine.snapshotJson(60_000)).toBe(before);
    expect(siteIn(before)?.status).toBe("up");
    const flipAt = Date.now();
    await setMode(names.site, "fail");
    const check = await h.waitForChange(
      (c) => c.type === "check" && c.serviceId === "site" && c.id === "health-endpoint" && c.to === "down",
      "site health-endpoint down",
      5000,
    );
    expect(check.reason).toContain("HTTP 500");
    expect(check.receivedAt).toBeGreaterThanOrEqual(flipAt);
    const view = h.service("site")!;
    expect(view.status).toBe("down");
    expect(view.reason).toMatch(/check `health-endpoint`: HTTP 500 .*expected status == 200, got 500/);
    // The container itself is fine: only the HTTP check is failing.
    expect(view.checks.find((c) => c.kind === "docker")?.status).toBe("up");
    // ...but never outlives a state change: the same long age limit now gives the new state.
    expect(siteIn(h.engine.snapshotJson(60_000))?.status).toBe("down");

    await setMode(names.site, "ok");
    const back = await h.waitForService("site", (s) => s.status === "up", "site up again", 5000);
    expect(back.checks.find((c) => c.id === "health-endpoint")?.reason).toContain("HTTP 200");
  });

  it("marks dependents impacted by a dependency outage, naming the root cause (compose depends_on)", async () => {
    // Compose v1 sets no depends_on label: these edges come from the compose file its labels name.
    const edges = h.engine.snapshot().edges;
    expect(edges).toEqual(
      expect.arrayContaining([
        { from: "api", to: "web", source: "compose" },
        { from: "worker", to: "api", source: "compose" },
      ]),
    );

    const web = `${FIXTURE}_web_1`;
    const stopAt = Date.now();
    await t.docker(["stop", "-t", "0", web]);
    const worker = await h.waitForChange(
      (c) => c.type === "service" && c.id === "worker" && c.receivedAt >= stopAt && !!c.impactedBy,
      "worker impacted",
      3000,
    );
    expect(worker.impactedBy).toMatchObject({ rootCauses: ["web"], via: ["worker", "api", "web"] });
    expect(worker.impactedBy?.reason).toMatch(/^impacted by web \(down: .*container exited/);

    const snap = h.engine.snapshot().services;
    const byId = (id: string) => snap.find((s) => s.id === id)!;
    expect(byId("web")).toMatchObject({ status: "down" });
    expect(byId("web").impactedBy).toBeUndefined(); // the root cause is not impacted by itself
    // Dependents keep their own status (they run fine) and point at the root cause.
    expect(byId("api")).toMatchObject({
      status: "up",
      impactedBy: { rootCauses: ["web"], via: ["api", "web"] },
    });
    expect(byId("worker")).toMatchObject({ status: "up", impactedBy: { rootCauses: ["web"] } });

    await t.docker(["start", web]);
    await h.waitForService("worker", (s) => !s.impactedBy, "impact cleared after web restarts", 10_000);
    expect(h.service("api")?.impactedBy).toBeUndefined();
  });

  it("writes the samples and state changes it published to the database", async () => {
    // Counted before the flush: a check finishing during it publishes a change whose sample is
    // only in the next batch. Every change counted here had its sample queued before it.
    const published = h.changes.filter((c) => c.serviceId === "site" && c.type === "check").length;
    await h.writer.flush();
    expect(h.writer.status()).toMatchObject({ state: "ok", queued: 0 });
    const moves = await scratch.db.stateChange.findMany({
      where: { scope: "service", entityId: "sleeper" },
      orderBy: { at: "asc" },
    });
    expect(moves.map((m) => m.toState)).toEqual(expect.arrayContaining(["up", "down"]));
    expect(moves.find((m) => m.toState === "down")?.reason).toContain("container exited");
    const samples = await scratch.db.checkSample.count({
      where: { serviceId: "site", checkId: "health-endpoint" },
    });
    expect(samples).toBeGreaterThanOrEqual(published);
    expect(
      await scratch.db.checkSample.count({ where: { serviceId: "site", status: "down" } }),
    ).toBeGreaterThan(0);
  });

  it("runs a check addressed by {{container}} as soon as the containers are listed, not at its next turn", async () => {
    // The engine starts while Docker is unreachable: the hourly check's first run finds no
    // container address. When Docker answers, the listing must run it again at once.
    const proxy = flakyEngineProxy(t.dockerHost().replace(/^unix:\/\//, ""));
    const hourly = startEngine({
      dockerHost: proxy.host,
      config: config(`
version: 1
settings: { discoverContainers: false }
services:
  - id: site
    compose: { project: ${PROJECT}, service: site }
    checks:
      - { id: health-endpoint, kind: http, interval: 1h, url: "http://{{container}}:8080/cgi-bin/health", expect: ["status == 200"] }
`),
      getDb: async () => scratch.db,
    });
    try {
      await setMode(names.site, "ok");
      await hourly.waitForService(
        "site",
        (s) => s.status === "unknown",
        "site unknown while Docker is away",
        5_000,
      );
      await new Promise((r) => setTimeout(r, 1_500));
      expect(hourly.service("site")?.status).toBe("unknown");
      await proxy.up();
      await hourly.waitForService(
        "site",
        (s) => s.status === "up",
        "site up without waiting an hour",
        15_000,
      );
    } finally {
      await hourly.stop();
      await proxy.dispose();
    }
  });

  it("counts a crash loop's restarts, and not the restarts and stops people ask for", async () => {
    const looping = `${PROJECT}-looping`;
    const restarted = `${PROJECT}-restarted`;
    const counting = startEngine({
      config: config(`
version: 1
settings: { discoverContainers: false }
services:
  - id: looping
    compose: { project: ${PROJECT}, service: looping }
    checks: [{ id: container, kind: docker, interval: 1s, restartWindow: 1m, maxRestarts: 2 }]
  - id: restarted
    compose: { project: ${PROJECT}, service: restarted }
    checks: [{ id: container, kind: docker, interval: 1s, restartWindow: 1m, maxRestarts: 2 }]
`),
      getDb: async () => scratch.db,
    });
    const restarts = (id: string) =>
      counting.service(id)?.checks.find((c) => c.id === "container")?.metrics?.restarts ?? 0;
    try {
      await Promise.all([
        // Exits by itself a second after each start; Docker's restart policy brings it back.
        t.runContainer({
          network: NETWORK,
          name: looping,
          labels: composeLabels("looping"),
          restart: "always",
          cmd: ["sh", "-c", "sleep 1; exit 3"],
        }),
        t.runContainer({ network: NETWORK, name: restarted, labels: composeLabels("restarted") }),
      ]);
      await counting.waitForService("restarted", (s) => s.status === "up", "restarted up", 10_000);
      for (let i = 0; i < 3; i++) await t.docker(["restart", "-t", "1", restarted]);
      await t.docker(["stop", "-t", "1", restarted]);
      await t.docker(["start", restarted]);
      await counting.waitForService(
        "looping",
        () => restarts("looping") >= 3,
        "three crash restarts",
        30_000,
      );
      // Between two crashes it runs, and says why it is not up.
      await counting.waitForService(
        "looping",
        (s) => /restarts in 1m/.test(s.reason),
        "the loop named",
        15_000,
      );
      await counting.waitForService("restarted", (s) => s.status === "up", "restarted up again", 10_000);
      expect(restarts("restarted")).toBe(0);
    } finally {
      await counting.stop();
      await t.removeContainer(looping);
      await t.removeContainer(restarted);
    }
  }, 60_000);
});
