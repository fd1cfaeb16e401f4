import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DockerGateway } from "@/lib/infra/docker";
import { followDockerEvents, type ContainerEvent } from "@/lib/monitor/docker-events";
import { StatsSamplers } from "@/lib/containers/stats-sampler";
import { pumpLogs, type LogBatch } from "@/lib/containers/log-pump";
import { parseFilter, type LogFilter } from "@/lib/containers/log-filter";
import type { StatsUpdate } from "@/lib/containers/schemas";
import * as t from "../support/docker";

let gw: DockerGateway;
const events = new AbortController();
const listeners = new Set<(e: ContainerEvent) => void>();

beforeAll(async () => {
  gw = t.testGateway();
  await t.cleanupTestResources();
  await t.ensureTestImages();
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  void followDockerEvents(gw, {
    signal: events.signal,
    onConnected: connected,
    onEvent: (e) => listeners.forEach((l) => l(e)),
  });
  await ready;
});
afterAll(async () => {
  events.abort();
  await t.cleanupTestResources();
});

function samplers(intervalMs = 300) {
  return new StatsSamplers({
    read: (id, signal) => gw.containerStats(id, { oneShot: true, signal }),
    onContainerEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    intervalMs,
    firstDeltaMs: 200,
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("shared stats sampler against the real engine", () => {
  it("one-shot reads are fast: the classic call waits ~1-2 s for a second sample", async () => {
    const c = await t.runContainer();
    const started = performance.now();
    const sample = await gw.containerStats(c.id, { oneShot: true });
    const oneShotMs = performance.now() - started;
    expect(sample.readAt).toBeInstanceOf(Date);
    expect(sample.cpuTotalNs).toBeGreaterThan(0);
    expect(sample.memoryBytes).toBeGreaterThan(0);
    expect(oneShotMs).toBeLessThan(500);
    console.info(`one-shot stats read: ${oneShotMs.toFixed(1)} ms`);
  });

  it("serves N subscribers from one sampler, computes CPU from deltas, and stops after the last leaves", async () => {
    const c = await t.runContainer({ cmd: ["sh", "-c", "while :; do :; done"] });
    const s = samplers();
    const seen: StatsUpdate[][] = Array.from({ length: 5 }, () => []);
    const unsubscribe = seen.map((list) => s.subscribe(c.id, (u) => list.push(u)));
    expect(s.active()).toEqual([c.id]);
    await t.waitFor(
      () => seen.every((l) => l.filter((u) => u.type === "stats").length >= 4),
      "4 samples each",
    );
    const first = seen[0].filter((u) => u.type === "stats");
    // One read per tick for all five subscribers, not five.
    expect(s.reads).toBeLessThanOrEqual(first.length + 1);
    const points = first.map((u) => (u.type === "stats" ? u.point : null));
    expect(points[0]?.cpuPercent).toBeNull();
    // A busy loop keeps about one core busy.
    expect(points.at(-1)?.cpuPercent).toBeGreaterThan(40);
    expect(points.at(-1)?.memoryBytes).toBeGreaterThan(0);

    // A late subscriber gets the last point at once instead of waiting for the next tick.
    const late: StatsUpdate[] = [];
    const unsubscribeLate = s.subscribe(c.id, (u) => late.push(u));
    expect(late).toHaveLength(1);

    unsubscribe.slice(1).forEach((u) => u());
    unsubscribeLate();
    expect(s.active()).toEqual([c.id]);
    unsubscribe[0]();
    expect(s.active()).toEqual([]);
    const readsAtStop = s.reads;
    await sleep(1000);
    expect(s.reads).toBe(readsAtStop);
    s.stop();
  });

  it("ends the sampler when the container dies (Docker event) and tells every subscriber why", async () => {
    const c = await t.runContainer();
    const s = samplers(5000);
    const a: StatsUpdate[] = [];
    const b: StatsUpdate[] = [];
    s.subscribe(c.id, (u) => a.push(u));
    s.subscribe(c.id, (u) => b.push(u));
    await t.waitFor(() => a.length >= 1, "a first sample");
    const killedAt = Date.now();
    await t.docker(["kill", c.id]);
    const ended = await t.waitFor(() => a.find((u) => u.type === "ended"), "an ended update", {
      timeoutMs: 5000,
    });
    // The next read would be 5 s away: the event, not polling, stopped it.
    expect(Date.now() - killedAt).toBeLessThan(3000);
    expect(ended).toMatchObject({
      type: "ended",
      containerId: c.id,
      reason: expect.stringMatching(/stopped \(exit code 137\)/),
    });
    expect(b.some((u) => u.type === "ended")).toBe(true);
    expect(s.active()).toEqual([]);
    s.stop();
  });

  it("ends at once for a stopped container and for one that was removed", async () => {
    const c = await t.runContainer({ cmd: ["true"] });
    await t.waitFor(async () => (await gw.inspectContainer(c.id)).state === "exited", "container exited");
    const s = samplers();
    const got: StatsUpdate[] = [];
    s.subscribe(c.id, (u) => got.push(u));
    await t.waitFor(() => got.length > 0, "an update");
    expect(got[0]).toMatchObject({ type: "ended", reason: "container is not running" });
    await t.removeContainer(c.id);
    const gone: StatsUpdate[] = [];
    s.subscribe(c.id, (u) => gone.push(u));
    await t.waitFor(() => gone.length > 0, "an update");
    expect(gone[0]).toMatchObject({ type: "ended", reason: "container removed" });
    s.stop();
  });
});

const PRINTER = [
  "sh",
  "-c",
  [
    "i=0",
    "while [ $i -lt 5 ]; do",
    '  echo "out $i"',
    '  echo "err $i" >&2',
    "  i=$((i+1))",
    "done",
    "printf '\\033[31mred alert\\033[0m\\n'",
    "echo '<script>alert(1)</script>'",
    "sleep 1",
    "echo late line",
    "sleep 1",
  ].join("\n"),
];

async function collect(
  containerId: string,
  filter: LogFilter,
  follow: boolean,
  signal = new AbortController().signal,
) {
  const batches: LogBatch[] = [];
  await pumpLogs(
    gw,
    { containerId, tail: "all", follow, filter, signal, flushMs: 50 },
    (b) => void batches.push(b),
  );
  return batches;
}

function filterOf(q: string, regex = false): LogFilter {
  const r = parseFilter({ q, regex });
  if (!r.ok) throw new Error(r.message);
  return r.filter;
}

describe("log streaming against the real engine", () => {
  it("follows a log live, marks stderr, keeps ANSI and HTML as data, and ends when the container stops", async () => {
    const c = await t.runContainer({ cmd: PRINTER });
    const started = Date.now();
    const batches = await collect(c.id, { kind: "none" }, true);
    // It followed until the container exited (~2 s), delivering "late line" in a later batch.
    expect(Date.now() - started).toBeGreaterThan(1000);
    const lines = batches.flatMap((b) => b.lines);
    expect(lines.filter((l) => l.s === "err").map((l) => l.l)).toEqual([
      "err 0",
      "err 1",
      "err 2",
      "err 3",
      "err 4",
    ]);
    expect(lines.map((l) => l.l)).toContain("\x1b[31mred alert\x1b[0m");
    expect(lines.map((l) => l.l)).toContain("<script>alert(1)</script>");
    expect(lines.at(-1)).toMatchObject({
      s: "out",
      l: "late line",
      t: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(batches.length).toBeGreaterThan(1);
  });

  it("filters on the server by text (matching what people see, without ANSI) and by regex", async () => {
    const c = await t.runContainer({ cmd: PRINTER });
    await t.waitFor(async () => (await gw.inspectContainer(c.id)).state === "exited", "printer done", {
      timeoutMs: 10_000,
    });
    const text = (await collect(c.id, filterOf("RED ALERT"), false)).flatMap((b) => b.lines);
    expect(text.map((l) => l.l)).toEqual(["\x1b[31mred alert\x1b[0m"]);
    const batches = await collect(c.id, filterOf("^err [13]$", true), false);
    expect(batches.flatMap((b) => b.lines).map((l) => l.l)).toEqual(["err 1", "err 3"]);
    // Every line was read and judged: the count tells the page how much the filter hid.
    expect(batches.reduce((n, b) => n + b.scanned, 0)).toBe(13);
  });

  it("stops following when the reader goes away", async () => {
    const c = await t.runContainer({ cmd: ["sh", "-c", "while :; do echo tick; sleep 0.2; done"] });
    const controller = new AbortController();
    const batches: LogBatch[] = [];
    const done = pumpLogs(
      gw,
      {
        containerId: c.id,
        tail: 10,
        follow: true,
        filter: { kind: "none" },
        signal: controller.signal,
        flushMs: 50,
      },
      (b) => void batches.push(b),
    );
    await t.waitFor(() => batches.flatMap((b) => b.lines).length >= 3, "three ticks");
    const abortedAt = Date.now();
    controller.abort();
    await done;
    expect(Date.now() - abortedAt).toBeLessThan(1000);
  });
});
