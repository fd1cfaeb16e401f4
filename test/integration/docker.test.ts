import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSchema } from "@/lib/catalog/schemas";
import {
  createDockerGateway,
  DOCKER_OPERATIONS,
  DockerGatewayError,
  type ContainerSummary,
  type DockerGateway,
  type LogLine,
} from "@/lib/infra/docker";
import { probeDocker, type DockerCheck } from "@/lib/probes/docker";
import { createExecProbe, type ExecCheck } from "@/lib/probes/exec";
import type { ContainerRef, ProbeContext } from "@/lib/probes/types";
import * as t from "../support/docker";

let gw: DockerGateway;
const toRef = (c: ContainerSummary): ContainerRef => ({
  id: c.id,
  name: c.name,
  state: c.state,
  health: c.health,
  ip: Object.values(c.networks)[0]?.ip,
});
const ctxFor = (containers: ContainerRef[], timeoutMs = 5000): ProbeContext => ({
  signal: new AbortController().signal,
  timeoutMs,
  containers,
});
const refOf = async (id: string) => toRef((await gw.listContainers({ all: true })).find((c) => c.id === id)!);

async function collect(lines: AsyncIterable<LogLine>, max = Infinity): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const line of lines) if (out.push(line) >= max) break;
  return out;
}

beforeAll(async () => {
  gw = t.testGateway();
  await t.cleanupTestResources();
  await t.ensureTestImages();
});
afterAll(async () => {
  await t.composeDown();
  await t.cleanupTestResources();
});

describe("gateway", () => {
  it("exposes exactly the allow-listed operations and nothing of dockerode", async () => {
    expect(Object.keys(gw).sort()).toEqual([...DOCKER_OPERATIONS].sort());
    expect(Object.isFrozen(gw)).toBe(true);
    expect(gw).not.toHaveProperty("modem");
    expect(gw).not.toHaveProperty("getContainer");
    expect(await gw.ping()).toBe(true);
    expect((await gw.version()).apiVersion).toMatch(/^1\.\d+$/);
  });

  it("rejects ids that are not container ids or names", async () => {
    await expect(gw.inspectContainer("../images/json")).rejects.toMatchObject({ kind: "invalid" });
    await expect(gw.inspectContainer("opsdeck-no-such-container")).rejects.toMatchObject({
      kind: "not_found",
    });
  });

  it("reports an unreachable engine as unavailable", async () => {
    const dead = createDockerGateway({ host: `unix://${path.join(os.tmpdir(), "opsdeck-no-such.sock")}` });
    await expect(dead.ping()).rejects.toBeInstanceOf(DockerGatewayError);
    await expect(dead.ping()).rejects.toMatchObject({ kind: "unavailable" });
  });

  it("lists, inspects and demultiplexes logs into typed stdout/stderr lines, hostile text kept verbatim", async () => {
    const c = await t.runContainer({
      cmd: ["sh", "-c", "echo out-1; echo 'err <script>alert(1)</script>' >&2; echo out-2; sleep 300"],
      labels: { "opsdeck.role": "printer" },
    });
    const listed = (await gw.listContainers()).find((x) => x.id === c.id);
    expect(listed).toMatchObject({
      name: c.name,
      state: "running",
      health: "none",
      labels: { "opsdeck.role": "printer" },
    });
    expect(listed?.networks[t.TEST_NETWORK]?.ip).toBe(c.ip);
    const details = await gw.inspectContainer(c.name);
    expect(details).toMatchObject({ id: c.id, running: true, tty: false, restartCount: 0 });

    const lines = await t.waitFor(async () => {
      const got = await collect(gw.containerLogs(c.id));
      return got.length === 3 ? got : null;
    }, "three log lines");
    expect(lines.map(({ stream, line }) => ({ stream, line }))).toEqual(
      expect.arrayContaining([
        { stream: "stdout", line: "out-1" },
        { stream: "stderr", line: "err <script>alert(1)</script>" },
        { stream: "stdout", line: "out-2" },
      ]),
    );
    expect(lines.every((l) => l.ts && !Number.isNaN(Date.parse(l.ts)))).toBe(true);
    expect(await collect(gw.containerLogs(c.id, { tail: 1, timestamps: false }))).toHaveLength(1);
  });

  it("follows logs until aborted, and reads TTY containers as one raw stream", async () => {
    const c = await t.runContainer({
      cmd: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.2; done"],
    });
    const ac = new AbortController();
    const followed = await collect(gw.containerLogs(c.id, { follow: true, tail: 0, signal: ac.signal }), 2);
    ac.abort();
    expect(followed.map((l) => l.line)).toEqual([
      expect.stringMatching(/^tick-\d+$/),
      expect.stringMatching(/^tick-\d+$/),
    ]);

    const tty = await t.runContainer({
      tty: true,
      cmd: ["sh", "-c", "echo on-tty; echo also >&2; sleep 300"],
    });
    const lines = await t.waitFor(async () => {
      const got = await collect(gw.containerLogs(tty.id, { timestamps: false }));
      return got.length === 2 ? got : null;
    }, "tty lines");
    expect(lines).toEqual([
      { stream: "stdout", line: "on-tty" },
      { stream: "stdout", line: "also" },
    ]);
  });

  it("execs argv (no shell) with exit codes, separate capped output and a timeout", async () => {
    const c = await t.runContainer();
    expect(
      await gw.execInContainer(c.id, ["sh", "-c", "echo hi; echo oops >&2; exit 3"], { timeoutMs: 5000 }),
    ).toEqual({
      exitCode: 3,
      stdout: "hi\n",
      stderr: "oops\n",
      truncated: false,
    });
    expect((await gw.execInContainer(c.id, ["echo", "$(id); rm -rf /"], { timeoutMs: 5000 })).stdout).toBe(
      "$(id); rm -rf /\n",
    );
    const big = await gw.execInContainer(c.id, ["sh", "-c", "yes | head -c 200000"], {
      timeoutMs: 5000,
      maxOutputBytes: 1000,
    });
    expect(big).toMatchObject({ exitCode: 0, truncated: true });
    expect(big.stdout).toHaveLength(1000);
    const started = Date.now();
    await expect(gw.execInContainer(c.id, ["sleep", "5"], { timeoutMs: 300 })).rejects.toMatchObject({
      kind: "timeout",
    });
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(gw.execInContainer(c.id, [], { timeoutMs: 1000 })).rejects.toMatchObject({
      kind: "invalid",
    });
    const stats = await gw.containerStats(c.id);
    expect(stats.memoryBytes).toBeGreaterThan(0);
    expect(stats.pids).toBeGreaterThanOrEqual(1);
  });
});

describe("probes against real containers", () => {
  const dockerCheck = checkSchema.parse({ id: "state", kind: "docker" }) as DockerCheck;

  it("probeExec: exit code and output decide, with expect on output", async () => {
    const c = await t.runContainer({ cmd: ["sh", "-c", "echo ready > /tmp/state; sleep 300"] });
    const probe = createExecProbe(gw);
    const refs = [await refOf(c.id)];
    const ok = checkSchema.parse({
      id: "x",
      kind: "exec",
      command: ["cat", "/tmp/state"],
      expect: ['output contains "ready"'],
    }) as ExecCheck;
    expect(await probe(ok, ctxFor(refs))).toMatchObject({ status: "up", message: "exit 0: ready" });
    const failing = checkSchema.parse({
      id: "y",
      kind: "exec",
      command: ["sh", "-c", "echo broken >&2; exit 2"],
    }) as ExecCheck;
    const down = await probe(failing, ctxFor(refs));
    expect(down).toMatchObject({ status: "down" });
    expect(down.message).toContain("expected exit_code == 0, got 2");
    const slow = await probe(
      checkSchema.parse({ id: "z", kind: "exec", command: ["sleep", "3"] }) as ExecCheck,
      ctxFor(refs, 300),
    );
    expect(slow).toMatchObject({ status: "down", message: "timed out after 300ms" });
  });

  it("probeDocker: running is up, stopped is down", async () => {
    const c = await t.runContainer();
    expect(await probeDocker(dockerCheck, ctxFor([await refOf(c.id)]))).toMatchObject({ status: "up" });
    await t.docker(["kill", c.id]);
    expect(await probeDocker(dockerCheck, ctxFor([await refOf(c.id)]))).toMatchObject({
      status: "down",
      message: "container exited",
    });
  });

  it("probeDocker: a failing healthcheck turns the container unhealthy and the probe down", async () => {
    const c = await t.runContainer({
      image: t.HTTPD_IMAGE,
      health: {
        cmd: "wget -q -O /dev/null http://127.0.0.1:8080/cgi-bin/health",
        interval: "1s",
        retries: 1,
      },
    });
    await t.waitFor(async () => (await refOf(c.id)).health === "healthy", "healthy");
    expect(await probeDocker(dockerCheck, ctxFor([await refOf(c.id)]))).toMatchObject({ status: "up" });
    const health = await fetch(`http://${c.ip}:8080/cgi-bin/health`);
    expect(health.status).toBe(200);
    await t.docker(["exec", c.id, "sh", "-c", "echo fail > /www/mode"]);
    expect((await fetch(`http://${c.ip}:8080/cgi-bin/health`)).status).toBe(500);
    await t.waitFor(async () => (await refOf(c.id)).health === "unhealthy", "unhealthy", {
      timeoutMs: 10_000,
    });
    expect(await probeDocker(dockerCheck, ctxFor([await refOf(c.id)]))).toMatchObject({
      status: "down",
      message: "healthcheck failing",
    });
  });
});

describe("compose fixture", () => {
  it("comes up healthy with docker-compose v1 and carries its project labels", async () => {
    await t.composeUp();
    const mine = async () =>
      (await gw.listContainers()).filter((c) => c.labels["com.docker.compose.project"] === t.FIXTURE_PROJECT);
    const containers = await t.waitFor(async () => {
      const list = await mine();
      return list.length === 3 &&
        list.find((c) => c.labels["com.docker.compose.service"] === "web")?.health === "healthy"
        ? list
        : null;
    }, "3 containers with web healthy");
    const byService = Object.fromEntries(containers.map((c) => [c.labels["com.docker.compose.service"], c]));
    expect(Object.keys(byService).sort()).toEqual(["api", "web", "worker"]);
    expect(byService.web.labels).toMatchObject({
      "com.docker.compose.project": "opsdeck-fixture",
      "com.docker.compose.project.config_files": t.FIXTURE_COMPOSE_FILE,
      "com.docker.compose.project.working_dir": path.dirname(t.FIXTURE_COMPOSE_FILE),
      "com.docker.compose.container-number": "1",
      "com.docker.compose.oneoff": "False",
      "com.docker.compose.version": expect.stringMatching(/^1\./),
    });
    // docker-compose v1 does not record depends_on: discovery must read the compose file.
    expect(byService.api.labels["com.docker.compose.depends_on"]).toBeUndefined();
    expect(Object.keys(byService.worker.networks)).toEqual(["opsdeck-fixture_backplane"]);
    const state = checkSchema.parse({ id: "state", kind: "docker" }) as DockerCheck;
    expect(await probeDocker(state, ctxFor(containers.map(toRef)))).toMatchObject({
      status: "up",
      message: "3 of 3 containers running",
    });
  });
});
