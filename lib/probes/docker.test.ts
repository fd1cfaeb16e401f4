import { describe, expect, it } from "vitest";
import { checkSchema } from "@/lib/catalog/schemas";
import { probeDocker, RestartTracker, type DockerCheck, type DockerProbeContext } from "./docker";
import type { ContainerRef } from "./types";

const check = (extra: Record<string, unknown> = {}) =>
  checkSchema.parse({ id: "containers", kind: "docker", ...extra }) as DockerCheck;
const c = (id: string, state: string, health?: ContainerRef["health"]): ContainerRef => ({
  id,
  name: id,
  state,
  health,
});
const ctx = (containers: ContainerRef[], extra: Partial<DockerProbeContext> = {}): DockerProbeContext => ({
  signal: new AbortController().signal,
  timeoutMs: 1000,
  containers,
  ...extra,
});

describe("probeDocker", () => {
  it("is down when the service has no containers", async () => {
    expect(await probeDocker(check(), ctx([]))).toMatchObject({ status: "down", message: "no containers" });
  });

  it("is up when every container runs and is healthy or has no healthcheck", async () => {
    const r = await probeDocker(
      check(),
      ctx([c("a", "running", "healthy"), c("b", "running", "none"), c("d", "running")]),
    );
    expect(r).toMatchObject({ status: "up", message: "3 of 3 containers running" });
    expect(r.metrics).toMatchObject({ containers_total: 3, containers_running: 3 });
  });

  it("is degraded with counts when some containers are not running", async () => {
    const r = await probeDocker(check(), ctx([c("a", "running"), c("b", "exited"), c("d", "restarting")]));
    expect(r).toMatchObject({ status: "degraded", message: "1 of 3 containers running" });
  });

  it("is down when no container runs, naming the state", async () => {
    expect(await probeDocker(check(), ctx([c("a", "exited")]))).toMatchObject({
      status: "down",
      message: "container exited",
    });
    const many = await probeDocker(check(), ctx([c("a", "exited"), c("b", "dead")]));
    expect(many).toMatchObject({ status: "down", message: "0 of 2 containers running (exited, dead)" });
  });

  it("is down when the healthcheck fails on the only container", async () => {
    expect(await probeDocker(check(), ctx([c("a", "running", "unhealthy")]))).toMatchObject({
      status: "down",
      message: "healthcheck failing",
    });
  });

  it("is degraded when only some replicas are unhealthy", async () => {
    const r = await probeDocker(check(), ctx([c("a", "running", "unhealthy"), c("b", "running", "healthy")]));
    expect(r).toMatchObject({ status: "degraded", message: "healthcheck failing on 1 of 2 containers" });
  });

  it("is degraded while the healthcheck is starting", async () => {
    expect(await probeDocker(check(), ctx([c("a", "running", "starting")]))).toMatchObject({
      status: "degraded",
      message: "healthcheck starting",
    });
  });

  it("is degraded when restarts in the window exceed maxRestarts", async () => {
    const tracker = new RestartTracker();
    const now = 1_000_000_000;
    for (const ago of [1_000, 60_000, 120_000]) tracker.record("a", now - ago);
    tracker.record("a", now - 20 * 60_000); // outside the 10m window
    const r = await probeDocker(
      check({ restartWindow: "10m", maxRestarts: 2 }),
      ctx([c("a", "running")], { restarts: tracker, now }),
    );
    expect(r).toMatchObject({ status: "degraded", message: "3 restarts in 10m" });
    expect(r.metrics?.restarts).toBe(3);
    const tolerant = await probeDocker(
      check({ restartWindow: "10m", maxRestarts: 3 }),
      ctx([c("a", "running")], { restarts: tracker, now }),
    );
    expect(tolerant.status).toBe("up");
  });

  it("applies expect conditions on the container counts", async () => {
    const r = await probeDocker(check({ expect: ["running >= 2"] }), ctx([c("a", "running")]));
    expect(r.status).toBe("down");
    expect(r.message).toContain("expected running >= 2, got 1");
  });
});

describe("RestartTracker", () => {
  it("counts only restarts inside the window and forgets on request", () => {
    const t = new RestartTracker();
    t.record("x", new Date(1000));
    t.record("x", 5000);
    t.record("y", 5000);
    expect(t.count("x", 4500, 5000)).toBe(2);
    expect(t.count("x", 3000, 5000)).toBe(1);
    expect(t.count("x", 10_000, 4000)).toBe(1); // future entries are not counted
    t.prune(2000);
    expect(t.count("x", 10_000, 5000)).toBe(1);
    t.forget("y");
    expect(t.count("y", 10_000, 5000)).toBe(0);
  });

  it("keeps a bounded history per container", () => {
    const t = new RestartTracker(3);
    for (let i = 1; i <= 10; i++) t.record("x", i);
    expect(t.count("x", 100, 10)).toBe(3);
  });
});
