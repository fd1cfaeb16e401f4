import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declaredActionSchema, type RunView } from "@/lib/actions/schemas";
import type { CatalogService } from "@/lib/catalog/types";
import { Validation } from "@/lib/errors";
import * as t from "../support/docker";
import { actionHarness, actorFor, catalogOf, type ActionHarness } from "../support/actions";
import { scratchPostgres, type ScratchDb } from "../support/scratch-db";

const gw = t.testGateway();
const PROJECT = `oad${Date.now().toString(36)}`;
const operator = actorFor("operator");
const setEnv = declaredActionSchema.parse({
  id: "debug-logs",
  kind: "container.set-env",
  variables: { LOG_LEVEL: ["INFO", "DEBUG"] },
});
// Like a real app: exits on SIGTERM, so stops are quick.
const APP_CMD = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"];

/** A container as `docker compose up` would have made it: labels, name, network. */
async function composeContainer(
  service: string,
  n: number,
  env: Record<string, string> = {},
  image = t.BUSYBOX_IMAGE,
) {
  const name = `${PROJECT}-${service}-${n}`;
  const labels = {
    "com.docker.compose.project": PROJECT,
    "com.docker.compose.service": service,
    "com.docker.compose.container-number": String(n),
    "com.docker.compose.oneoff": "False",
  };
  const args = ["run", "-d", "--name", name, "--network", t.TEST_NETWORK, "--label", t.TEST_LABEL];
  for (const [k, v] of Object.entries(labels)) args.push("--label", `${k}=${v}`);
  for (const [k, v] of Object.entries(env)) args.push("--env", `${k}=${v}`);
  return { id: await t.docker([...args, image, ...APP_CMD]), name };
}

async function members(service: string) {
  const all = await gw.listContainers({ all: true });
  return all
    .filter(
      (c) =>
        c.labels["com.docker.compose.project"] === PROJECT &&
        c.labels["com.docker.compose.service"] === service,
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}

let h: ActionHarness;
let scratch: ScratchDb;
let plain: t.TestContainer;

/** The monitor's view, rebuilt from the engine before each run as the monitor would keep it. */
async function refreshCatalog() {
  const svc = async (service: string, actions = [setEnv]): Promise<Partial<CatalogService>> => ({
    id: `${PROJECT}.${service}`,
    name: service,
    compose: { project: PROJECT, service },
    actions,
    containers: (await members(service)).map((c) => ({ id: c.id, name: c.name, state: c.state })),
  });
  const plainSvc = {
    id: "plain",
    containers: [{ id: plain.id, name: plain.name, state: "running" }],
    actions: [setEnv],
  };
  h.setCatalog(
    catalogOf([
      await svc("api"),
      await svc("worker", []),
      await svc("broken"),
      await svc("ghost", []),
      plainSvc,
    ]),
  );
}

async function run(service: string, actionId: string, params: Record<string, unknown>): Promise<RunView> {
  await refreshCatalog();
  const serviceId = service === "plain" ? service : `${PROJECT}.${service}`;
  const { done } = await h.service.start(operator, { serviceId, actionId, params });
  return done;
}

async function ok(service: string, actionId: string, params: Record<string, unknown>) {
  const view = await run(service, actionId, params);
  expect({ status: view.status, error: view.error }, view.output.map((l) => l.text).join("\n")).toEqual({
    status: "succeeded",
    error: undefined,
  });
  return view as RunView & { result: Record<string, unknown> };
}

/** A tag removed after its container started: the container runs on, a copy cannot be created from the tag. */
const GONE_IMAGE = `opsdeck-test/busybox-gone:${PROJECT}`;
const envOf = async (name: string) =>
  (await t.docker(["inspect", "-f", "{{json .Config.Env}}", name])).trim();

beforeAll(async () => {
  await t.ensureTestImages();
  await t.ensureTestNetwork();
  scratch = await scratchPostgres("opsdeck_actions_docker");
  plain = await t.runContainer({ env: { LOG_LEVEL: "INFO" } });
  await composeContainer("api", 1, { LOG_LEVEL: "INFO", SECRET_TOKEN: "s3cret-value", OTHER: "kept" });
  await composeContainer("worker", 1, { FOO: "bar" });
  h = await actionHarness({ db: async () => scratch.db, docker: gw, catalog: catalogOf([]) });
});

afterAll(async () => {
  const ids = await t.docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${PROJECT}`]);
  if (ids) await t.docker(["rm", "-f", ...ids.split("\n")]).catch(() => undefined);
  if (plain) await t.removeContainer(plain.id);
  await h?.close();
  await scratch?.drop();
  await t.docker(["rmi", GONE_IMAGE]).catch(() => undefined);
});

describe("container actions", () => {
  const api = `${PROJECT}-api-1`;

  it("restart gives the container a new start time", async () => {
    const before = (await gw.inspectContainer(api)).startedAt!;
    const view = await ok("api", "restart", { container: api, timeout_s: 1 });
    const after = await gw.inspectContainer(api);
    expect(after.startedAt!.getTime()).toBeGreaterThan(before.getTime());
    expect(view.result).toMatchObject({ container: api, state: "running", startedAt: after.startedAt });
  });

  it("stop, start and kill change the container's state", async () => {
    const stopped = await ok("api", "stop", { container: api, timeout_s: 5 });
    expect(await gw.inspectContainer(api)).toMatchObject({ state: "exited", running: false });
    expect(stopped.result).toMatchObject({ changed: true, state: "exited" });

    const before = (await gw.inspectContainer(api)).startedAt!;
    const started = await ok("api", "start", { container: api });
    const running = await gw.inspectContainer(api);
    expect(running.state).toBe("running");
    expect(running.startedAt!.getTime()).toBeGreaterThan(before.getTime());
    expect(started.result).toMatchObject({ changed: true, state: "running" });

    const killed = await ok("api", "kill", { container: api, signal: "SIGKILL" });
    expect(await gw.inspectContainer(api)).toMatchObject({ state: "exited", exitCode: 137 });
    expect(killed.result).toMatchObject({ signal: "SIGKILL", state: "exited", exitCode: 137 });
    await ok("api", "start", { container: api });
  });

  it("set-env recreates the compose container with only that variable changed, never echoing the others", async () => {
    const old = await gw.inspectContainer(api);
    const view = await ok("api", "debug-logs", { variable: "LOG_LEVEL", value: "DEBUG", container: api });
    const now = await gw.inspectContainer(api);
    expect(now.id).not.toBe(old.id);
    expect(now.state).toBe("running");
    expect(now.env).toEqual(old.env.map((e) => (e === "LOG_LEVEL=INFO" ? "LOG_LEVEL=DEBUG" : e)));
    expect(now.env).toEqual(
      expect.arrayContaining(["SECRET_TOKEN=s3cret-value", "OTHER=kept", "LOG_LEVEL=DEBUG"]),
    );
    expect(now.labels).toEqual(old.labels);
    expect(Object.keys(now.networks)).toEqual([t.TEST_NETWORK]);
    await expect(gw.inspectContainer(old.id)).rejects.toMatchObject({ kind: "not_found" });
    expect((view.result.containers as unknown[])[0]).toMatchObject({
      name: api,
      id: now.id,
      previousId: old.id,
      changed: true,
    });
    const text = view.output.map((l) => l.text).join("\n");
    expect(text).toContain("LOG_LEVEL INFO → DEBUG");
    expect(text).not.toContain("s3cret");
    expect(JSON.stringify(view.params)).not.toContain("s3cret");
  });

  it("set-env refuses a container compose does not manage, and restores the original when the copy cannot start", async () => {
    const refused = await run("plain", "debug-logs", { variable: "LOG_LEVEL", value: "DEBUG" });
    expect(refused.status).toBe("failed");
    expect(refused.error).toMatch(/not managed by docker compose/);
    expect(await gw.inspectContainer(plain.id)).toMatchObject({
      state: "running",
      env: expect.arrayContaining(["LOG_LEVEL=INFO"]),
    });

    // The image tag is gone (pruned, retagged): the engine refuses the copy, as it would refuse compose.
    await t.docker(["tag", t.BUSYBOX_IMAGE, GONE_IMAGE]);
    const broken = await composeContainer("broken", 1, { LOG_LEVEL: "INFO" }, GONE_IMAGE);
    await t.docker(["rmi", GONE_IMAGE]);
    const failed = await run("broken", "debug-logs", {
      variable: "LOG_LEVEL",
      value: "DEBUG",
      container: broken.name,
    });
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/could not recreate .*No such image.* the original container was restored/);
    expect(failed.output.map((l) => l.text).join("\n")).toMatch(/rolled back/);
    const after = await gw.inspectContainer(broken.name);
    expect(after).toMatchObject({
      id: broken.id,
      state: "running",
      env: expect.arrayContaining(["LOG_LEVEL=INFO"]),
    });
    expect((await members("broken")).map((c) => c.name)).toEqual([broken.name]);
  });

  it("refuses invalid parameters naming the field, before anything reaches the container", async () => {
    const before = await gw.inspectContainer(api);
    const workers = (await members("worker")).length;
    const refused = async (
      service: string,
      actionId: string,
      params: Record<string, unknown>,
      field: RegExp,
    ) => {
      await refreshCatalog();
      const attempt = h.service.start(operator, { serviceId: `${PROJECT}.${service}`, actionId, params });
      await expect(attempt).rejects.toBeInstanceOf(Validation);
      await expect(attempt).rejects.toThrow(field);
    };
    await refused("api", "restart", { container: "nope" }, /^params\.container: expected one of/);
    await refused("api", "kill", { container: api, signal: "SIGSTOP" }, /^params\.signal:/);
    await refused("worker", "scale", { replicas: 21 }, /^params\.replicas:/);
    await refused("worker", "scale", { replicas: "3" }, /^params\.replicas:/);
    await refused(
      "api",
      "debug-logs",
      { variable: "LOG_LEVEL", value: "TRACE" },
      /^params\.value: expected one of the declared values: "INFO", "DEBUG"$/,
    );
    await refused("api", "debug-logs", { variable: "PATH", value: "/tmp" }, /^params\.variable:/);
    await refused(
      "api",
      "debug-logs",
      { variable: "LOG_LEVEL", value: "DEBUG", image: "x" },
      /^params: Unrecognized key/,
    );
    const after = await gw.inspectContainer(api);
    expect({ id: after.id, startedAt: after.startedAt, env: after.env }).toEqual({
      id: before.id,
      startedAt: before.startedAt,
      env: before.env,
    });
    expect((await members("worker")).length).toBe(workers);
  });
});

describe("service actions", () => {
  const worker = (n: number) => `${PROJECT}-worker-${n}`;

  it("scale 1 → 3 copies the existing container's configuration, numbered like compose", async () => {
    const view = await ok("worker", "scale", { replicas: 3 });
    expect(view.result).toMatchObject({ before: 1, after: 3, created: [worker(2), worker(3)], removed: [] });
    const all = await members("worker");
    expect(all.map((c) => [c.name, c.state, c.labels["com.docker.compose.container-number"]])).toEqual([
      [worker(1), "running", "1"],
      [worker(2), "running", "2"],
      [worker(3), "running", "3"],
    ]);
    for (const c of all) {
      expect(c.labels).toMatchObject({ "opsdeck.test": "1", "com.docker.compose.oneoff": "False" });
      expect(await envOf(c.name)).toContain('"FOO=bar"');
      expect(Object.keys(c.networks)).toEqual([t.TEST_NETWORK]);
    }
    expect(view.progress).toEqual({ done: 2, total: 2 });
  });

  it("restart-all restarts every container, one at a time with progress", async () => {
    const before = await Promise.all((await members("worker")).map((c) => gw.inspectContainer(c.id)));
    const view = await ok("worker", "restart-all", { timeout_s: 5 });
    for (const b of before)
      expect((await gw.inspectContainer(b.id)).startedAt!.getTime()).toBeGreaterThan(b.startedAt!.getTime());
    expect(view.progress).toEqual({ done: 3, total: 3 });
    expect((view.result.containers as unknown[]).length).toBe(3);
  });

  it("up starts the stopped containers and leaves the running one", async () => {
    await t.docker(["stop", "-t", "5", worker(2), worker(3)]);
    const view = await ok("worker", "up", {});
    expect(view.result).toMatchObject({
      started: [worker(2), worker(3)],
      alreadyRunning: [worker(1)],
      total: 3,
    });
    expect((await members("worker")).map((c) => c.state)).toEqual(["running", "running", "running"]);
  });

  it("scale 3 → 1 stops and removes the highest-numbered containers", async () => {
    const view = await ok("worker", "scale", { replicas: 1 });
    expect(view.result).toMatchObject({ before: 3, after: 1, created: [], removed: [worker(3), worker(2)] });
    expect((await members("worker")).map((c) => [c.name, c.state])).toEqual([[worker(1), "running"]]);
  });

  it("scale to 0 keeps the first container stopped, to scale up from again", async () => {
    const down = await ok("worker", "scale", { replicas: 0 });
    expect(down.result).toMatchObject({ before: 1, after: 0, removed: [], stopped: [worker(1)] });
    expect((await members("worker")).map((c) => [c.name, c.state])).toEqual([[worker(1), "exited"]]);
    const up = await ok("worker", "scale", { replicas: 2 });
    expect(up.result).toMatchObject({ before: 0, after: 2, started: [worker(1)], created: [worker(2)] });
  });

  it("up says so when the service has no containers at all", async () => {
    const view = await run("ghost", "up", {});
    expect(view.status).toBe("failed");
    expect(view.error).toMatch(/ghost has no containers, stopped or running/);
  });
});
